Feature: Recurring visits
  In order to keep maintenance contracts without planning every visit by hand
  As a manager or dispatcher
  I want a plan that creates the visits of the coming weeks on its own

  Background:
    Given the bakery with two branches and Jana invited to "Main Store"
    And the customer "Bakery Müller" has a contact "Lena" at "Bakehouse" with the e-mail "lena@bakery.example"
    And "Lena" was invited to the portal for the location "Bakehouse"
    And "Lena" has accepted the invitation

  Scenario: A fortnightly plan creates the next four visits
    When "Max" plans the recurring visit "Oven maintenance" at "Main Store" every second Tuesday from 9 to 11 o'clock
    Then it is done
    And the plan "Oven maintenance" has 4 upcoming visits
    And the audit trail of "Acme" records "recurring visit generated"
    When "Max" reads the timeline of "Bakery Müller"
    Then the timeline shows visit entries

  Scenario: Running the generator again creates no second visit
    Given "Max" has planned the recurring visit "Oven maintenance" at "Main Store" every second Tuesday from 9 to 11 o'clock
    When the recurring visits are generated
    And the recurring visits are generated
    Then the generator created nothing
    And the plan "Oven maintenance" has 4 upcoming visits

  Scenario: A skipped date stays skipped
    Given "Max" has planned the recurring visit "Oven maintenance" at "Main Store" every second Tuesday from 9 to 11 o'clock
    When "Max" skips the second visit of the plan "Oven maintenance"
    Then it is done
    When the recurring visits are generated
    Then the skipped date of the plan "Oven maintenance" has no visit
    And the plan "Oven maintenance" has 3 upcoming visits

  Scenario: A cancelled visit is not generated again
    Given "Max" has planned the recurring visit "Oven maintenance" at "Main Store" every second Tuesday from 9 to 11 o'clock
    When "Max" cancels the first visit of the plan "Oven maintenance"
    Then it is done
    When the recurring visits are generated
    Then the generator created nothing
    And the plan "Oven maintenance" has 3 upcoming visits

  Scenario: A moved visit keeps its new time
    Given "Max" has planned the recurring visit "Oven maintenance" at "Main Store" every second Tuesday from 9 to 11 o'clock
    When "Max" moves the first visit of the plan "Oven maintenance" to 20 days from today, 13 to 15 o'clock
    Then it is done
    When the recurring visits are generated
    Then the moved visit of the plan "Oven maintenance" is 20 days from today, 13 to 15 o'clock
    And the plan "Oven maintenance" has 4 upcoming visits

  Scenario: The store's own contact sees the visits, the other store's does not
    Given "Max" has planned the recurring visit "Oven maintenance" at "Main Store" every second Tuesday from 9 to 11 o'clock
    Then "Jana" sees 4 upcoming visits "Maintenance visit"
    And "Jana" sees the maintenance plan "Maintenance visit" at "Main Store" with its next dates
    And "Lena" sees 0 upcoming visits "Maintenance visit"
    And "Lena" sees no maintenance plan
    And nothing "Jana" can read on the portal mentions "Oven maintenance"
    And nothing "Jana" can read on the portal mentions "Internal checklist"

  Scenario: Only planners make plans
    When "Tom Becker" plans the recurring visit "Oven maintenance" at "Main Store" every day from 9 to 11 o'clock
    Then it is refused as forbidden

  Scenario: An employee sees their route in order; the customer never sees a route
    Given "Acme" has an employee "Eva"
    And the work "Oven service" at "Main Store" for "Jana" with a visit in 3 days for "Tom Becker"
    And the work "Flour silo check" at "Bakehouse" with a visit in 3 days for "Tom Becker"
    When "Dora" plans the route of "Tom Becker" in 3 days as "Flour silo check" then "Oven service"
    Then it is done
    And "Tom Becker" sees the route in 3 days as "Flour silo check" then "Oven service"
    And "Eva" cannot see the route of "Tom Becker" in 3 days
    And "Jana" sees nothing of any route

  Scenario: A route holds only the employee's own visits of that day
    Given "Acme" has an employee "Eva"
    And the work "Oven service" at "Main Store" with a visit in 3 days for "Tom Becker"
    And the work "Flour silo check" at "Bakehouse" with a visit in 3 days for "Eva"
    When "Dora" plans the route of "Tom Becker" in 3 days as "Oven service" then "Flour silo check"
    Then it is refused
