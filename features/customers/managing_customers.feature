Feature: Managing customers
  In order to keep one clean record of every customer we serve
  As a tenant admin
  I want to register, change, find and archive customers

  Background:
    Given a tenant "Acme" whose tenant admin is "Ada"

  Scenario: Registering a customer
    When "Ada" registers the customer "Bakery Müller" with the number "C-100"
    Then it is done
    And the audit trail of "Acme" records "customer registered"

  Scenario: Customer numbers are unique within a tenant
    Given "Acme" has a customer "Bakery Müller" with the number "C-100"
    When "Ada" registers the customer "Bakery Schmidt" with the number "C-100"
    Then it is refused as a conflict
    And "Acme" still has 1 customer

  Scenario: Two tenants may use the same customer number
    Given a tenant "Globex" whose tenant admin is "Gina"
    And "Acme" has a customer "Bakery Müller" with the number "C-100"
    When "Gina" registers the customer "Globex Bakery" with the number "C-100"
    Then it is done

  Scenario: Renaming a customer
    Given "Acme" has a customer "Bakery Müller"
    When "Ada" renames the customer "Bakery Müller" to "Bakery Müller GmbH"
    Then it is done
    And the customer "Bakery Müller" is called "Bakery Müller GmbH"
    And the audit trail of "Acme" records "customer changed"

  Scenario: Finding customers by name
    Given "Acme" has a customer "Bakery Müller"
    And "Acme" has a customer "Harbour Logistics"
    When "Ada" searches the customers for "bakery"
    Then the list shows "Bakery Müller"
    And the list does not show "Harbour Logistics"

  Scenario: Archiving a customer
    Given "Acme" has a customer "Bakery Müller"
    And "Acme" has a customer "Harbour Logistics"
    When "Ada" archives the customer "Bakery Müller"
    Then it is done
    And the customer "Bakery Müller" is archived
    When "Ada" lists the archived customers
    Then the list shows "Bakery Müller"
    And the list does not show "Harbour Logistics"

  Scenario: An archived customer takes no new locations
    Given "Acme" has a customer "Bakery Müller"
    And the customer "Bakery Müller" has been archived
    When "Ada" adds the location "Second Store" in "Potsdam" to the customer "Bakery Müller"
    Then it is refused as invalid
    And "Acme" still has 0 locations
