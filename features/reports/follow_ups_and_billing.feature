Feature: Follow-ups and billing triggers
  In order to finish what a visit started and to bill what was done
  As a manager
  I want approved reports to raise follow-up needs and billing triggers

  Background:
    Given a tenant "Acme" whose tenant admin is "Ada"
    And "Acme" has a manager "Max"
    And "Acme" has a dispatcher "Dora"
    And "Acme" has an employee "Tom Becker"
    And "Acme" has a customer "Bakery Müller"
    And the customer "Bakery Müller" has a location "Main Store" in "Berlin"
    And the customer "Bakery Müller" has a contact "Jana" with the e-mail "jana@bakery.example"
    And "Jana" was invited to the portal for the whole customer
    And "Jana" has accepted the invitation
    And the work "Oven service" at "Main Store" with a visit in 3 days for "Tom Becker"

  Scenario: The customer sees a follow-up need and then the visit planned for it
    Given the report "Oven serviced" on "Oven service" asking for the follow-up "Door seal worn, order part 7-113" has been approved
    Then "Jana" sees a follow-up needed for "Oven service"
    And nothing "Jana" can read on the portal mentions "order part 7-113"
    When "Dora" plans the follow-up of "Oven serviced" as the work "Door seal" telling "We will replace the door seal."
    Then it is done
    When "Dora" plans a visit for "Door seal" in 10 days from 9 to 11 o'clock
    Then "Jana" sees the follow-up for "Oven service" planned with a visit and the note "We will replace the door seal."
    And the audit trail of "Acme" records "follow-up planned"

  Scenario: A report without a follow-up requirement raises no need
    Given the report "Oven serviced" on "Oven service" has been approved
    Then "Jana" sees no follow-up

  Scenario: Billing triggers: admins in full, managers and dispatchers in part, never the portal
    Given every internal field of "Oven service" and its visit holds a marker
    And the billable report "Oven serviced" on "Oven service" has been approved
    When "Ada" lists the billing triggers
    Then the list shows a billing trigger for "Oven serviced" with the billing details
    When "Max" lists the billing triggers
    Then the list shows a billing trigger for "Oven serviced" without the billing details
    When "Dora" lists the billing triggers
    Then the list shows a billing trigger for "Oven serviced" without the billing details
    When "Tom Becker" lists the billing triggers
    Then it is refused as forbidden
    And no portal answer to "Jana" carries a marker
    And nothing "Jana" can read on the portal mentions "billing"
