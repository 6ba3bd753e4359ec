Feature: Planning work and visits
  In order to send the right technician to the right place at the right time
  As a dispatcher
  I want to create work for a customer, plan visits and follow them to the end

  Background:
    Given a tenant "Acme" whose tenant admin is "Ada"
    And "Acme" has a dispatcher "Dora"
    And "Acme" has an employee "Tom Becker"
    And "Acme" has an employee "Eva Schulz"
    And "Acme" has a customer "Bakery Müller"
    And the customer "Bakery Müller" has a location "Main Store" in "Berlin"
    And "Acme" has a customer "Harbour Logistics"
    And the customer "Harbour Logistics" has a location "Warehouse 7" in "Hamburg"

  Scenario: A dispatcher creates work and plans a visit
    When "Dora" creates the work "Oven service" at "Main Store"
    Then it is done
    And the work "Oven service" is open
    When "Dora" plans a visit for "Oven service" in 3 days from 9 to 11 o'clock with "Tom Becker"
    Then it is done
    And the work "Oven service" is planned
    And the visit of "Oven service" is planned
    And the audit trail of "Acme" records "visit planned"

  Scenario: A visit can be confirmed, rescheduled and then needs confirming again
    Given the work "Oven service" at "Main Store" with a visit in 3 days for "Tom Becker"
    When "Dora" confirms the visit of "Oven service"
    Then the visit of "Oven service" is confirmed
    When "Dora" moves the visit of "Oven service" to 4 days from today, 13 to 15 o'clock
    Then it is done
    And the visit of "Oven service" is planned
    And the audit trail of "Acme" records "visit rescheduled"

  Scenario: A visit must end after it starts
    Given the work "Oven service" at "Main Store"
    When "Dora" plans a visit for "Oven service" in 3 days from 11 to 9 o'clock
    Then it is refused as invalid
    And "Oven service" has no visit

  Scenario: A visit cannot take place at another customer's location
    Given the work "Oven service" at "Main Store"
    When "Dora" plans a visit for "Oven service" at "Warehouse 7" in 3 days from 9 to 11 o'clock
    Then it is refused as invalid
    And "Oven service" has no visit

  Scenario: Work cannot jump from open straight to completed
    Given the work "Oven service" at "Main Store"
    When "Dora" completes the work "Oven service"
    Then it is refused as invalid
    And the work "Oven service" is open

  Scenario: Cancelling work cancels its visits
    Given the work "Oven service" at "Main Store" with a visit in 3 days for "Tom Becker"
    When "Dora" cancels the work "Oven service"
    Then it is done
    And the work "Oven service" is cancelled
    And the visit of "Oven service" is cancelled
    When "Dora" plans a visit for "Oven service" in 5 days from 9 to 11 o'clock
    Then it is refused as invalid

  Scenario: Work with visits still ahead cannot be completed
    Given the work "Oven service" at "Main Store" with a visit in 3 days for "Tom Becker"
    When "Dora" completes the work "Oven service"
    Then it is refused as a conflict
    And the work "Oven service" is planned

  Scenario: The assigned employee reports from the field
    Given the work "Oven service" at "Main Store" with a visit in 3 days for "Tom Becker"
    When "Tom Becker" reports "on the way" on the visit of "Oven service"
    Then it is done
    When "Tom Becker" reports "started" on the visit of "Oven service"
    Then the visit of "Oven service" is started
    And the work "Oven service" is in progress
    When "Tom Becker" reports "done" on the visit of "Oven service"
    Then the visit of "Oven service" is done

  Scenario: A field update must follow the visit's order
    Given the work "Oven service" at "Main Store" with a visit in 3 days for "Tom Becker"
    When "Tom Becker" reports "done" on the visit of "Oven service"
    Then it is refused as invalid
    And the visit of "Oven service" is planned

  Scenario: An employee reports only on their own visits
    Given the work "Oven service" at "Main Store" with a visit in 3 days for "Tom Becker"
    When "Eva Schulz" reports "started" on the visit of "Oven service"
    Then it is refused as not found
    And the visit of "Oven service" is planned
