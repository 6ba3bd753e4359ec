Feature: Connected systems hear about changes through signed webhooks
  In order to keep an ERP or a CRM in step with the work, without anyone copying it by hand
  As a tenant admin
  I want systems I register to receive signed events, and never what must stay inside

  Background:
    Given a tenant "Acme" whose tenant admin is "Ada"
    And "Acme" has a manager "Max"
    And "Acme" has an employee "Tom Becker"
    And "Acme" has a customer "Bakery Müller"
    And the customer "Bakery Müller" has a location "Main Store" in "Berlin"
    And the work "Oven service" at "Main Store" with a visit in 3 days for "Tom Becker"
    And the system "ERP" receives webhooks

  Scenario: A subscribed endpoint receives a published report and not an internal note
    Given "Ada" has registered "ERP" for "report.published"
    And the report "Oven serviced" on "Oven service" has been approved
    And every internal field of the report "Oven serviced" holds a marker
    When "Max" publishes the report "Oven serviced" as "Your oven is ready"
    And the worker has caught up
    Then "ERP" has received "report.published" about the report "Oven serviced"
    And every delivery "ERP" received is signed with its secret
    And what "ERP" received mentions "Your oven is ready"
    And nothing "ERP" received carries a marker
    And "ERP" has received nothing else

  Scenario: An endpoint without the billing option receives the trigger without details
    Given the system "Accounting" receives webhooks
    And "Ada" has registered "ERP" for "billing.triggered"
    And "Ada" has registered "Accounting" for "billing.triggered" with billing details
    And every internal field of "Oven service" and its visit holds a marker
    And the billable report "Oven serviced" on "Oven service" has been approved
    When the worker has caught up
    Then "ERP" has received "billing.triggered" about the report "Oven serviced"
    And what "ERP" received leaves out the billing details
    And nothing "ERP" received carries a marker
    And "Accounting" has received "billing.triggered" about the report "Oven serviced"
    And what "Accounting" received holds the billing details of "Oven service"
    And every delivery "Accounting" received is signed with its secret

  Scenario: Work events carry no notes, routing or planning, and only the endpoint's own references
    Given "Ada" has registered "ERP" for "target.changed" and "appointment.rescheduled" as the source system "ERP-7"
    And every internal field of "Oven service" and its visit holds a marker
    When "Max" renames the work "Oven service" to "Oven and hood service"
    And "Max" moves the visit of "Oven service" to 4 days from today, 9 to 11 o'clock
    And the worker has caught up
    Then "ERP" has received "target.changed" about the work "Oven service"
    And "ERP" has received "appointment.rescheduled" about the work "Oven service"
    And nothing "ERP" received carries a marker

  Scenario: A failing endpoint is retried on the schedule, then disabled after five days
    Given "Ada" has registered "ERP" for "customer.changed"
    And "ERP" answers every delivery with the status 500
    When "Ada" renames the customer "Bakery Müller" to "Bakery Müller & Sons"
    And the worker has caught up
    Then the delivery to "ERP" is failing after 1 attempt
    When 5 seconds pass
    And the worker has caught up
    Then the delivery to "ERP" is failing after 2 attempts
    When the worker keeps trying for 4 days
    Then the delivery to "ERP" has failed after 10 attempts
    And the endpoint "ERP" is enabled
    When "Ada" renames the customer "Bakery Müller" to "Bakery Müller & Daughters"
    And the worker keeps trying for 2 days
    Then the endpoint "ERP" is disabled because it kept failing
    And the tenant admin of "Acme" sees the security event "webhook endpoint disabled"
    And "Ada" receives an e-mail that the endpoint "ERP" was disabled
    And the audit trail of "Acme" records "webhook endpoint disabled"

  Scenario: A receiver that says the endpoint is gone disables it at once
    Given "Ada" has registered "ERP" for "customer.changed"
    And "ERP" answers every delivery with the status 410
    When "Ada" renames the customer "Bakery Müller" to "Bakery Müller & Sons"
    And the worker has caught up
    Then the delivery to "ERP" has failed after 1 attempt
    And the endpoint "ERP" is disabled because the receiver said it is gone

  Scenario: A tenant admin re-sends a failed delivery under the same webhook id
    Given "Ada" has registered "ERP" for "customer.changed"
    And "ERP" answers every delivery with the status 500
    When "Ada" renames the customer "Bakery Müller" to "Bakery Müller & Sons"
    And the worker keeps trying for 4 days
    Then the delivery to "ERP" has failed after 10 attempts
    When "ERP" accepts deliveries again
    And "Ada" re-sends the delivery to "ERP"
    And the worker has caught up
    Then the delivery to "ERP" has succeeded
    And every delivery "ERP" received had the same webhook id and body
    And the audit trail of "Acme" records "webhook delivery resent"

  Scenario: A receiver asking to slow down is not tried again before it says
    Given "Ada" has registered "ERP" for "customer.changed"
    And "ERP" answers the next delivery with the status 429 and a wait of 600 seconds
    When "Ada" renames the customer "Bakery Müller" to "Bakery Müller & Sons"
    And the worker has caught up
    Then the delivery to "ERP" is failing after 1 attempt
    When 5 minutes pass
    And the worker has caught up
    Then the delivery to "ERP" is failing after 1 attempt
    When 6 minutes pass
    And the worker has caught up
    Then the delivery to "ERP" has succeeded

  Scenario: A redirect is not followed
    Given "Ada" has registered "ERP" for "customer.changed"
    And "ERP" answers the next delivery with a redirect
    When "Ada" renames the customer "Bakery Müller" to "Bakery Müller & Sons"
    And the worker has caught up
    Then the delivery to "ERP" is failing after 1 attempt
    And "ERP" has received 1 delivery

  Scenario: After a secret rotation, deliveries carry both signatures for a day
    Given "Ada" has registered "ERP" for "customer.changed"
    When "Ada" rotates the secret of "ERP"
    And "Ada" renames the customer "Bakery Müller" to "Bakery Müller & Sons"
    And the worker has caught up
    Then the last delivery "ERP" received is signed with its old secret and with its new secret
    When 25 hours pass
    And "Ada" signs in again
    And "Ada" renames the customer "Bakery Müller" to "Bakery Müller & Daughters"
    And the worker has caught up
    Then the last delivery "ERP" received is signed with its new secret only

  Scenario: An endpoint hears of what happens after it was registered, and of nothing refused
    Given "Ada" has registered "ERP" for "customer.registered"
    And "Acme" has a customer "Bakery Schmidt" with the number "C-100"
    When "Ada" registers the customer "Bakery Schmidt Two" with the number "C-100"
    Then it is refused as a conflict
    When the worker has caught up
    Then "ERP" has received "customer.registered" about the customer "Bakery Schmidt"
    And "ERP" has received 1 delivery
