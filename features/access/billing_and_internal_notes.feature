Feature: Billing and internal notes, role by role
  In order to plan and supervise work without learning what each customer is billed
  As a field-service company
  I want billing shown in full to tenant admins, in part to managers and dispatchers, and
  internal notes kept by managers on customers, work and reports alike

  Background:
    Given a tenant "Acme" whose tenant admin is "Ada"
    And "Acme" has a manager "Max"
    And "Acme" has a dispatcher "Dora"
    And "Acme" has an employee "Tom Becker"
    And "Acme" has a customer "Bakery Müller"
    And the customer "Bakery Müller" has a location "Main Store" in "Berlin"
    And the work "Oven service" at "Main Store" with a visit in 3 days for "Tom Becker"
    And every internal field of "Oven service" and its visit holds a marker
    And the billable report "Oven serviced" on "Oven service" has been approved

  Scenario: A dispatcher plans work without seeing its billing details
    When "Dora" looks at the work "Oven service"
    Then the answer shows that billing applies
    And the answer leaves out the billing details
    When "Dora" lists the work
    Then the list shows that "Oven service" is billed, without the billing details
    When "Dora" plans a visit for "Oven service" in 10 days from 9 to 11 o'clock
    Then it is done
    When "Dora" lists the billing triggers
    Then the list shows a billing trigger for "Oven serviced" without the billing details

  Scenario: A manager sees that billing applies but not the details
    When "Max" looks at the work "Oven service"
    Then the answer shows that billing applies
    And the answer leaves out the billing details
    When "Max" lists the work
    Then the list shows that "Oven service" is billed, without the billing details
    When "Max" lists the billing triggers
    Then the list shows a billing trigger for "Oven serviced" without the billing details

  Scenario: A tenant admin sees the billing details in full
    When "Ada" looks at the work "Oven service"
    Then the answer shows that billing applies
    And the answer shows the billing details

  Scenario: An employee sees nothing of billing
    When "Tom Becker" looks at the work "Oven service"
    Then it is done
    And the answer leaves out the billing details
    And the answer leaves out the billing flag
    When "Tom Becker" lists the billing triggers
    Then it is refused as forbidden

  Scenario: A manager keeps an internal note on an approved report without reopening it
    When "Max" writes the internal note "Customer paid the seal in cash" on the report "Oven serviced"
    Then it is done
    And the report "Oven serviced" is approved
    When "Dora" writes the internal note "Call before the next visit" on the report "Oven serviced"
    Then it is refused as forbidden
