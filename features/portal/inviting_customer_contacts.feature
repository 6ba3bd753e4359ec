Feature: Inviting customer contacts to the portal
  In order to give customers a controlled view of their operations
  As a manager
  I want to invite contact persons explicitly, with a single-use link that expires

  Background:
    Given a tenant "Acme" whose tenant admin is "Ada"
    And "Acme" has a manager "Max"
    And "Acme" has a dispatcher "Dora"
    And "Acme" has a customer "Bakery Müller"
    And the customer "Bakery Müller" has a location "Main Store" in "Berlin"
    And the customer "Bakery Müller" has a contact "Jana" at "Main Store" with the e-mail "jana@bakery.example"

  Scenario: A manager invites a contact, who accepts
    When "Max" invites "Jana" to the portal for the whole customer
    Then it is done
    And "Jana" receives an invitation e-mail in English
    And the invitation of "Jana" is pending
    When "Jana" accepts the invitation
    Then it is done
    And the invitation of "Jana" is accepted
    And "Jana" sees the location "Main Store"
    And the tenant admin of "Acme" sees the security event "invitation accepted"

  Scenario: Opening the link uses nothing up
    Given "Jana" was invited to the portal for the whole customer
    When "Jana" opens the invitation link
    Then it is done
    When "Jana" opens the invitation link
    Then it is done
    And the invitation of "Jana" is pending

  Scenario: The link works only once
    Given "Jana" was invited to the portal for the whole customer
    And "Jana" has accepted the invitation
    When "Jana" uses the invitation link again
    Then it is refused as not found

  Scenario: The link expires after seven days
    Given "Jana" was invited to the portal for the whole customer
    When 7 days pass
    And "Jana" accepts the invitation
    Then it is refused as not found
    And the invitation of "Jana" is expired

  Scenario: Re-sending the invitation kills the old link
    Given "Jana" was invited to the portal for the whole customer
    When "Max" re-sends the invitation of "Jana"
    Then it is done
    When "Jana" uses the invitation link again
    Then it is refused as not found
    When "Jana" accepts the invitation
    Then it is done

  Scenario: Revoking the invitation kills the link
    Given "Jana" was invited to the portal for the whole customer
    When "Max" revokes the invitation of "Jana"
    And "Jana" accepts the invitation
    Then it is refused as not found
    And the invitation of "Jana" is revoked

  Scenario: A weak password is refused and the link stays usable
    Given "Jana" was invited to the portal for the whole customer
    When "Jana" accepts the invitation with the password "password123"
    Then it is refused as invalid
    When "Jana" accepts the invitation
    Then it is done

  Scenario: Dispatchers do not invite
    When "Dora" invites "Jana" to the portal for the whole customer
    Then it is refused as forbidden

  Scenario Outline: The invitation speaks the contact's language
    Given the customer "Bakery Müller" has a contact "Sam" who reads <language> with the e-mail "sam@bakery.example"
    When "Max" invites "Sam" to the portal for the whole customer
    Then "Sam" receives an invitation e-mail in <language>

    Examples:
      | language |
      | English  |
      | German   |
      | Arabic   |
