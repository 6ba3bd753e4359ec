Feature: Signing in to the portal
  In order to follow our work with the service company
  As an invited customer contact
  I want my own portal sign-in, separate from the service company's internal app

  Background:
    Given a tenant "Acme" whose tenant admin is "Ada"
    And "Acme" has a manager "Max"
    And "Acme" has a customer "Bakery Müller"
    And the customer "Bakery Müller" has a location "Main Store" in "Berlin"
    And the customer "Bakery Müller" has a contact "Jana" at "Main Store" with the e-mail "jana@bakery.example"
    And "Jana" was invited to the portal for the whole customer
    And "Jana" has accepted the invitation

  Scenario: Signing in and out
    When "Jana" signs in to the portal
    Then it is done
    And "Jana" is still signed in
    When "Jana" signs out of the portal
    Then it is done
    And "Jana" is signed out on the next request

  Scenario: Signing out everywhere ends every portal session
    Given "Jana" has signed in to the portal on a second device
    When "Jana" signs out of the portal everywhere
    Then it is done
    And "Jana" is signed out on the next request
    And "Jana" is signed out of the portal on the second device too
    And the tenant admin of "Acme" sees the security event "sessions ended"

  Scenario: Staff end every portal session of a contact, who may sign in again
    Given "Jana" has signed in to the portal on a second device
    When "Max" ends every portal session of "Jana"
    Then it is done
    And the tenant admin of "Acme" sees the security event "sessions ended" about "Jana"
    And "Jana" is signed out on the next request
    And "Jana" is signed out of the portal on the second device too
    When "Jana" signs in to the portal
    Then it is done
    And "Jana" is still signed in

  Scenario: Signing out on one device leaves the other signed in
    Given "Jana" has signed in to the portal on a second device
    When "Jana" signs out of the portal
    Then "Jana" is signed out on the next request
    And "Jana" is still signed in to the portal on the second device

  Scenario: A wrong password is refused
    When "Jana" signs in to the portal with a wrong password
    Then it is refused as not signed in
    And the tenant admin of "Acme" sees the security event "sign-in failed"

  Scenario: Too many wrong passwords make the account wait
    Given "Jana" has failed to sign in to the portal 6 times
    When "Jana" signs in to the portal
    Then it is refused for now, with a time to wait
    And the tenant admin of "Acme" sees the security event "lockout"

  Scenario: A session ends after 30 idle minutes
    When 31 minutes pass
    Then "Jana" is signed out on the next request

  Scenario: The portal and the internal app do not share credentials
    When "Jana" uses their portal session on the internal app
    Then it is refused as not signed in
    When "Max" uses their token on the portal app
    Then it is refused as not signed in

  Scenario: The same person invited by two tenants has two separate accounts
    Given a tenant "Globex"
    And "Globex" has a customer "Globex Depot"
    And the customer "Globex Depot" has a location "Depot" in "Hamburg"
    And the customer "Globex Depot" has a contact "Jana at Globex" at "Depot" with the e-mail "jana@bakery.example"
    And "Jana at Globex" was invited to the portal for the whole customer
    And "Jana at Globex" has accepted the invitation
    Then "Jana" does not see the location "Depot"
    And "Jana at Globex" sees the location "Depot"
    And "Jana at Globex" does not see the location "Main Store"
    When "Jana" signs in to the portal
    Then it is done
    And "Jana" sees the location "Main Store"
    And "Jana" does not see the location "Depot"
