Feature: Keeping tenants apart
  In order to trust Ordinavo with our customer data
  As a field-service company
  I want nothing of ours to be visible to, or changeable by, another company

  Background:
    Given a tenant "Acme" whose tenant admin is "Ada"
    And a tenant "Globex" whose tenant admin is "Gina"
    And "Acme" has a customer "Bakery Müller"
    And the customer "Bakery Müller" has a location "Main Store" in "Berlin"
    And the customer "Bakery Müller" has a contact "Jana" at "Main Store" with the e-mail "jana@bakery.example"
    And "Acme" has a manager "Max"
    And "Acme" has an integration key "ERP" that may read customers

  Scenario Outline: Another tenant's records do not exist for you
    When "Gina" tries to <action> the <kind> "<name>"
    Then they are told it does not exist, exactly as for a record that never existed
    And the <kind> "<name>" is unchanged

    Examples:
      | action  | kind     | name          |
      | look at | customer | Bakery Müller |
      | change  | customer | Bakery Müller |
      | archive | customer | Bakery Müller |
      | look at | location | Main Store    |
      | change  | location | Main Store    |
      | archive | location | Main Store    |
      | look at | contact  | Jana          |
      | change  | contact  | Jana          |
      | archive | contact  | Jana          |
      | disable | user     | Max           |
      | revoke  | API key  | ERP           |

  Scenario: Another tenant's records never appear in your lists
    When "Gina" lists the customers
    Then the list is empty

  Scenario: Naming another tenant's customer in a request is refused as not found
    When "Gina" adds a location to the customer "Bakery Müller"
    Then it is refused as not found
    And "Acme" still has 1 location
    And "Globex" still has 0 locations

  Scenario: An integration key only reads its own tenant
    Given "Globex" has a customer "Globex Depot"
    When "ERP" lists the customers
    Then the list shows "Bakery Müller"
    And the list does not show "Globex Depot"
