Feature: Revoking portal access
  In order to end a customer contact's access the moment it should end
  As a manager
  I want revocations to apply to sessions that are already open

  Background:
    Given a tenant "Acme" whose tenant admin is "Ada"
    And "Acme" has a manager "Max"
    And "Acme" has a customer "Bakery Müller"
    And the customer "Bakery Müller" has a location "Main Store" in "Berlin"
    And the customer "Bakery Müller" has a contact "Jana" at "Main Store" with the e-mail "jana@bakery.example"
    And "Jana" was invited to the portal for the whole customer
    And "Jana" has accepted the invitation

  Scenario: Revoking the grant ends the open session
    When "Max" revokes the grant of "Jana"
    Then it is done
    And "Jana" is signed out on the next request
    And the tenant admin of "Acme" sees the security event "session revoked"

  Scenario: After the grant is revoked, signing in again shows nothing
    When "Max" revokes the grant of "Jana"
    And "Jana" signs in to the portal
    Then it is done
    And "Jana" sees no location at all

  Scenario: Disabling the portal user ends the session and sign-in
    When "Max" disables the portal access of "Jana"
    Then "Jana" is signed out on the next request
    When "Jana" signs in to the portal
    Then it is refused as not signed in

  Scenario: Revoking an accepted invitation ends the access
    When "Max" revokes the invitation of "Jana"
    Then "Jana" is signed out on the next request
    When "Jana" signs in to the portal
    Then it is refused as not signed in
