Feature: Customer-wide and location grants
  In order to show each customer contact exactly what was shared with them
  As a manager
  I want to grant a whole customer or selected locations, and change that at any time

  Background:
    Given a tenant "Acme" whose tenant admin is "Ada"
    And "Acme" has a manager "Max"
    And "Acme" has a customer "Bakery Müller"
    And the customer "Bakery Müller" has a location "Main Store" in "Berlin"
    And the customer "Bakery Müller" has a location "Bakehouse" in "Potsdam"
    And the customer "Bakery Müller" has a contact "Jana" at "Main Store" with the e-mail "jana@bakery.example"
    And "Acme" has a customer "Harbour Logistics"
    And the customer "Harbour Logistics" has a location "Warehouse 7" in "Hamburg"

  Scenario: A customer-wide grant shows every location of that customer only
    Given "Jana" was invited to the portal for the whole customer
    And "Jana" has accepted the invitation
    Then "Jana" sees the location "Main Store"
    And "Jana" sees the location "Bakehouse"
    And "Jana" does not see the location "Warehouse 7"

  Scenario: A location grant shows that location only
    Given "Jana" was invited to the portal for the location "Main Store"
    And "Jana" has accepted the invitation
    Then "Jana" sees the location "Main Store"
    And "Jana" does not see the location "Bakehouse"
    And "Jana" does not see the location "Warehouse 7"

  Scenario: Narrowing a grant applies to the next request of an open session
    Given "Jana" was invited to the portal for the whole customer
    And "Jana" has accepted the invitation
    When "Max" narrows the grant of "Jana" to the location "Bakehouse"
    Then it is done
    And "Jana" sees the location "Bakehouse"
    And "Jana" does not see the location "Main Store"

  Scenario: Widening a grant applies at once too
    Given "Jana" was invited to the portal for the location "Main Store"
    And "Jana" has accepted the invitation
    When "Max" widens the grant of "Jana" to the whole customer
    Then "Jana" sees the location "Bakehouse"

  Scenario: One portal user may hold grants on several customers
    Given "Jana" was invited to the portal for the location "Main Store"
    And "Jana" has accepted the invitation
    And "Max" has recorded "Jana" as a partner of "Harbour Logistics"
    When "Max" also gives "Jana" access to the customer "Harbour Logistics"
    Then it is done
    And "Jana" sees the location "Warehouse 7"
    And "Jana" sees the customer "Harbour Logistics"

  Scenario: A grant cannot name another customer's location
    When "Max" invites "Jana" to the portal for the location "Warehouse 7"
    Then it is refused as invalid
