Feature: What each role sees
  In order to share each detail only with those who need it
  As a field-service company
  I want every role to receive exactly the fields the role matrix allows, and no others

  Background:
    Given a tenant "Acme" whose tenant admin is "Ada"
    And "Acme" has a customer "Bakery Müller"
    And the customer "Bakery Müller" has the internal note "Pays late in December"
    And the customer "Bakery Müller" is known as "DEB-4711" in "erp"
    And "Acme" has a manager "Max"
    And "Acme" has a dispatcher "Dora"
    And "Acme" has an employee "Eli"
    And "Acme" has an integration key "ERP" that may read customers

  Scenario: A tenant admin sees everything about a customer
    When "Ada" looks at the customer "Bakery Müller"
    Then the answer shows the internal notes
    And the answer shows the external references

  Scenario Outline: Managers and dispatchers see notes and references but cannot change customers
    When "<person>" looks at the customer "Bakery Müller"
    Then the answer shows the internal notes
    And the answer shows the external references
    When "<person>" renames the customer "Bakery Müller" to "Taken over"
    Then it is refused as forbidden
    And the customer "Bakery Müller" is called "Bakery Müller"

    Examples:
      | person |
      | Max    |
      | Dora   |

  Scenario: An employee sees no customer records until work is assigned
    When "Eli" lists the customers
    Then the list is empty
    When "Eli" looks at the customer "Bakery Müller"
    Then it is refused as not found

  Scenario: An integration key sees external references but never internal notes
    When "ERP" looks at the customer "Bakery Müller"
    Then the answer shows the external references
    And the answer leaves out the internal notes

  Scenario: A manager keeps an internal note on a customer
    When "Max" writes the internal note "Call first" on the customer "Bakery Müller"
    Then it is done
    And the internal note on the customer "Bakery Müller" reads "Call first"
    When "Dora" writes the internal note "Ring twice" on the customer "Bakery Müller"
    Then it is refused as forbidden
    When "Eli" writes the internal note "Ring twice" on the customer "Bakery Müller"
    Then it is refused as forbidden
    And the internal note on the customer "Bakery Müller" reads "Call first"
    When "Ada" writes the internal note "Call first, then ring" on the customer "Bakery Müller"
    Then it is done
