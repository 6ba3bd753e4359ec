Feature: Internal notes stay inside
  In order to write down what the team needs to know, frankly
  As a manager or dispatcher
  I want notes on work, visits and reports that no customer ever reads

  Background:
    Given the bakery with two branches and Jana invited to "Main Store"
    And the work "Oven service" at "Main Store" with a visit in 3 days for "Tom Becker"
    And "Jana" has a calendar feed

  Scenario: Notes on work, a visit and a report never reach the customer
    Given "Tom Becker" has written the report "Oven check" on "Oven service"
    When "Max" writes the internal note "Back door code 4711" on the work "Oven service"
    Then it is done
    When "Dora" writes the internal note "Ring twice, the owner is hard of hearing" on the visit of "Oven service"
    Then it is done
    When "Ada" writes the internal note "Seal replaced with a used one" on the report "Oven check"
    Then it is done
    Given "Tom Becker" has submitted the report "Oven check"
    And "Max" has approved the report "Oven check"
    And "Max" has published the report "Oven check" as "Your oven service"
    Then "Jana" sees the published report "Your oven service"
    And nothing "Jana" can read on the portal mentions "Back door code"
    And nothing "Jana" can read on the portal mentions "hard of hearing"
    And nothing "Jana" can read on the portal mentions "used one"

  Scenario: An employee sees only their own reports
    Given "Acme" has an employee "Eva"
    And the work "Roof check" at "Bakehouse" with a visit in 4 days for "Eva"
    And "Tom Becker" has written the report "Oven check" on "Oven service"
    And "Eva" has written the report "Roof notes" on "Roof check"
    When "Tom Becker" lists the reports
    Then the list shows "Oven check"
    And the list does not show "Roof notes"

  Scenario: Staff users are listed by name
    When "Ada" lists the staff users
    Then the list shows "Dora"
    And the list shows "Tom Becker"
