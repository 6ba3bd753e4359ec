Feature: Signing in to the internal app and integration keys
  In order to let only our own staff and our own systems in
  As a tenant admin
  I want password sign-in for staff and revocable keys for integrations

  Background:
    Given a tenant "Acme" whose tenant admin is "Ada"
    And "Acme" has a manager "Max"
    And "Acme" has a customer "Bakery Müller"

  Scenario: A tenant admin creates an integration key, shown once
    When "Ada" creates an integration key "ERP" that may read customers
    Then it is done
    And the key's secret is shown once
    When "ERP" lists the customers
    Then the list shows "Bakery Müller"

  Scenario: Signing in and out
    When "Max" signs in
    Then it is done
    When "Max" signs out
    And "Max" uses the internal app again
    Then it is refused as not signed in

  Scenario: Signing out everywhere ends the sign-in on every device
    Given "Max" has signed in on a second device
    When "Max" signs out everywhere
    Then it is done
    When "Max" uses the internal app again
    Then it is refused as not signed in
    When "Max" uses the internal app on the second device
    Then it is refused as not signed in
    And the tenant admin of "Acme" sees the security event "sessions ended"

  Scenario: A tenant admin ends every sign-in of a user, who may sign in again
    Given "Max" has signed in on a second device
    When "Ada" ends every session of the user "Max"
    Then it is done
    And the audit trail of "Acme" records "staff user sessions ended" by "Ada"
    And the audit trail of "Acme" records nothing by "Max"
    And the tenant admin of "Acme" sees the security event "sessions ended" about "Max"
    When "Max" uses the internal app on the second device
    Then it is refused as not signed in
    When "Max" signs in
    Then it is done
    When "Max" uses the internal app again
    Then it is done

  Scenario: Only a tenant admin ends another user's sessions
    Given "Acme" has a dispatcher "Dora"
    When "Max" ends every session of the user "Dora"
    Then it is refused as forbidden
    When "Dora" uses the internal app again
    Then it is done

  Scenario: A wrong password and an unknown tenant get the same answer
    When "Max" signs in with a wrong password
    Then it is refused as not signed in
    When someone signs in to the tenant "nowhere" as "max@acme.example"
    Then the answer is the same as for a wrong password
    When someone signs in to the tenant "acme" as "nobody@acme.example"
    Then the answer is the same as for a wrong password

  Scenario: A disabled user's token stops working at once
    When "Ada" disables the user "Max"
    And "Max" uses the internal app again
    Then it is refused as not signed in

  Scenario: Tokens expire
    When 13 hours pass
    And "Max" uses the internal app again
    Then it is refused as not signed in

  Scenario: A revoked key is refused
    Given "Acme" has an integration key "ERP" that may read customers
    When "Ada" revokes the integration key "ERP"
    And "ERP" lists the customers
    Then it is refused as not signed in

  Scenario Outline: Only tenant admins manage keys and users
    Given "Acme" has a <role> "Sam"
    When "Sam" lists the integration keys
    Then it is refused as forbidden
    When "Sam" creates an integration key "Rogue" that may read customers
    Then it is refused as forbidden
    When "Sam" adds the employee "Eve"
    Then it is refused as forbidden

    Examples:
      | role       |
      | manager    |
      | dispatcher |
      | employee   |

  Scenario: An integration key cannot manage keys
    Given "Acme" has an integration key "ERP" that may change customers
    When "ERP" creates an integration key "Rogue" that may read customers
    Then it is refused as forbidden

  Scenario: Too many wrong passwords make a staff account wait
    Given "Max" has failed to sign in 6 times
    When "Max" signs in
    Then it is refused for now, with a time to wait
    And the tenant admin of "Acme" sees the security event "lockout"
