Feature: Managing locations and contact persons
  In order to know where we work and whom to call
  As a tenant admin
  I want each customer's sites and contact persons kept with the customer

  Background:
    Given a tenant "Acme" whose tenant admin is "Ada"
    And "Acme" has a customer "Bakery Müller"
    And the customer "Bakery Müller" has a location "Main Store" in "Berlin"
    And "Acme" has a customer "Harbour Logistics"
    And the customer "Harbour Logistics" has a location "Warehouse 7" in "Hamburg"

  Scenario: Adding a location to a customer
    When "Ada" adds the location "Second Store" in "Potsdam" to the customer "Bakery Müller"
    Then it is done
    And the audit trail of "Acme" records "location added"

  Scenario: Adding a contact person at one of the customer's locations
    When "Ada" adds the contact "Jana" at "Main Store" to the customer "Bakery Müller"
    Then it is done
    And "Acme" still has 1 contact

  Scenario: A contact's location must belong to the contact's customer
    When "Ada" adds the contact "Jana" at "Warehouse 7" to the customer "Bakery Müller"
    Then it is refused as invalid
    And "Acme" still has 0 contacts

  Scenario: A contact cannot move to another customer's location
    Given the customer "Bakery Müller" has a contact "Jana" at "Main Store" with the e-mail "jana@bakery.example"
    When "Ada" moves the contact "Jana" to "Warehouse 7"
    Then it is refused as invalid
