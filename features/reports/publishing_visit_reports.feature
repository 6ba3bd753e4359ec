Feature: Publishing visit reports to the customer
  In order to show customers what was done, in words written for them
  As a manager
  I want only approved reports on the portal, and only when I publish them

  Background:
    Given a tenant "Acme" whose tenant admin is "Ada"
    And "Acme" has a manager "Max"
    And "Acme" has an employee "Tom Becker"
    And "Acme" has a customer "Bakery Müller"
    And the customer "Bakery Müller" has a location "Main Store" in "Berlin"
    And the customer "Bakery Müller" has a contact "Jana" with the e-mail "jana@bakery.example"
    And "Jana" was invited to the portal for the whole customer
    And "Jana" has accepted the invitation
    And the work "Oven service" at "Main Store" with a visit in 3 days for "Tom Becker"

  Scenario: An employee writes a report, a manager approves it
    When "Tom Becker" writes the report "Oven serviced" on "Oven service"
    Then it is done
    And the report "Oven serviced" is draft
    When "Tom Becker" submits the report "Oven serviced"
    Then the report "Oven serviced" is submitted
    When "Max" sends the report "Oven serviced" back asking "Add the part numbers"
    Then the report "Oven serviced" is changes requested
    When "Tom Becker" submits the report "Oven serviced"
    And "Max" approves the report "Oven serviced"
    Then the report "Oven serviced" is approved
    And the audit trail of "Acme" records "report approved"

  Scenario: An employee cannot approve a report
    Given "Tom Becker" has written the report "Oven serviced" on "Oven service"
    When "Tom Becker" submits the report "Oven serviced"
    And "Tom Becker" approves the report "Oven serviced"
    Then it is refused as forbidden
    And the report "Oven serviced" is submitted

  Scenario: A report that is not approved cannot be published
    Given "Tom Becker" has written the report "Oven serviced" on "Oven service"
    When "Max" publishes the report "Oven serviced" as "Your oven is ready"
    Then it is refused as invalid
    When "Tom Becker" submits the report "Oven serviced"
    And "Max" publishes the report "Oven serviced" as "Your oven is ready"
    Then it is refused as invalid
    And "Jana" sees no published report

  Scenario: A report sent back for changes cannot be published
    Given "Tom Becker" has written the report "Oven serviced" on "Oven service"
    When "Tom Becker" submits the report "Oven serviced"
    And "Max" sends the report "Oven serviced" back asking "Add the part numbers"
    And "Max" publishes the report "Oven serviced" as "Your oven is ready"
    Then it is refused as invalid
    And "Jana" sees no published report

  Scenario: Publishing needs the texts written for the customer
    Given the report "Oven serviced" on "Oven service" has been approved
    When "Max" publishes the report "Oven serviced" without texts for the customer
    Then it is refused as invalid
    And the report "Oven serviced" is not published
    And "Jana" sees no published report

  Scenario: The customer sees a published report in the words written for them, until it is unpublished
    Given the report "Oven serviced" on "Oven service" has been approved
    Then "Jana" sees no published report
    When "Max" publishes the report "Oven serviced" as "Your oven is ready"
    Then it is done
    And "Jana" sees the published report "Your oven is ready"
    And "Jana" sees the report "Your oven is ready" as "Available"
    And nothing "Jana" can read on the portal mentions "Internal summary of Oven serviced"
    And nothing "Jana" can read on the portal mentions "Internal problems of Oven serviced"
    And the audit trail of "Acme" records "report published"
    When "Max" unpublishes the report "Oven serviced"
    Then "Jana" sees no published report
    And the audit trail of "Acme" records "report unpublished"

  Scenario: Editing an approved report sends it back to review and off the portal
    Given the report "Oven serviced" on "Oven service" has been approved
    And the report "Oven serviced" has been published as "Your oven is ready"
    When "Ada" changes the summary of the report "Oven serviced"
    Then it is done
    And the report "Oven serviced" is submitted
    And the report "Oven serviced" is not published
    And "Jana" sees no published report

  Scenario: Internal texts of a report never reach the portal
    Given the report "Oven serviced" on "Oven service" has been approved
    And every internal field of "Oven service" and its visit holds a marker
    And every internal field of the report "Oven serviced" holds a marker
    And the report "Oven serviced" has been published as "Your oven is ready"
    Then "Jana" sees the published report "Your oven is ready"
    And no portal answer to "Jana" carries a marker
