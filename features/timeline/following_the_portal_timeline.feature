Feature: The customer's timeline on the portal
  In order to see at a glance what happened about my requests and visits
  As a customer contact
  I want a short history that shows what was shared with me, and nothing else

  Background:
    Given the bakery with two branches and Jana invited to the whole customer
    And the customer "Bakery Müller" has a contact "Lena" with the e-mail "lena@bakery.example"

  Scenario: A customer follows a request from submission to the published report
    When "Jana" asks for service "Oven is cold" at "Main Store"
    And "Dora" starts reviewing the request "Oven is cold"
    And "Dora" turns the request "Oven is cold" into the work "Oven repair"
    And "Dora" plans a visit for "Oven repair" in 2 days from 9 to 11 o'clock with "Tom Becker"
    And "Tom Becker" reports "started" on the visit of "Oven repair"
    And "Tom Becker" reports "done" on the visit of "Oven repair"
    And "Tom Becker" writes the report "Oven repaired" on "Oven repair"
    And "Tom Becker" submits the report "Oven repaired"
    And "Max" approves the report "Oven repaired"
    And "Max" publishes the report "Oven repaired" as "Your oven works again"
    Then the timeline of "Jana" reads, newest first:
      | entry            | about                 |
      | Report available | Your oven works again |
      | Visit completed  | Oven repair           |
      | Visit planned    | Oven repair           |
      | Request planned  | Oven is cold          |
      | Request received | Oven is cold          |
    And the timeline of "Jana" in German shows "Bericht verfügbar" first
    And every page of the timeline of "Jana" taken 2 at a time adds up to it

  Scenario: A request accepted and then turned into work is accepted once and planned once
    When "Jana" asks for service "Oven is cold" at "Main Store"
    And "Dora" starts reviewing the request "Oven is cold"
    And "Dora" accepts the request "Oven is cold"
    And "Dora" turns the request "Oven is cold" into the work "Oven repair"
    Then the timeline of "Jana" reads, newest first:
      | entry            | about        |
      | Request planned  | Oven is cold |
      | Request accepted | Oven is cold |
      | Request received | Oven is cold |

  Scenario: A declined request shows the reason written for the customer
    When "Jana" asks for service "New shop sign" at "Main Store"
    And "Dora" declines the request "New shop sign" because "We do not make signs." noting internally "Refer to SignCo"
    Then the timeline of "Jana" shows "Request declined" about "New shop sign"
    And nothing "Jana" can read on the portal mentions "SignCo"

  Scenario: Unpublishing a report removes its entry, withdrawing a file's release removes the file's
    Given the work "Oven service" at "Main Store" with a visit in 3 days for "Tom Becker"
    And the report "Oven serviced" on "Oven service" has been approved
    And the report "Oven serviced" has been published as "Your oven is ready"
    And the report "Oven serviced" has the file "service-sheet.pdf"
    And the file "service-sheet.pdf" has been released
    Then the timeline of "Jana" shows "Report available" about "Your oven is ready"
    And the timeline of "Jana" shows "Document shared" about "service-sheet.pdf"
    When "Max" withdraws the release of the file "service-sheet.pdf"
    Then the timeline of "Jana" shows nothing about "service-sheet.pdf"
    When "Max" unpublishes the report "Oven serviced"
    Then the timeline of "Jana" shows nothing about "Your oven is ready"
    And the timeline of "Jana" shows "Visit planned" about "Oven service"

  Scenario: A location grant sees only its location's entries
    Given the work "Oven service" at "Main Store" with a visit in 3 days for "Tom Becker"
    And the work "Flour silo check" at "Bakehouse" with a visit in 4 days for "Tom Becker"
    And "Lena" was invited to the portal for the location "Bakehouse"
    And "Lena" has accepted the invitation
    Then the timeline of "Lena" shows "Visit planned" about "Flour silo check"
    And the timeline of "Lena" shows nothing about "Oven service"
    And the timeline of "Jana" shows "Visit planned" about "Oven service"
    And the timeline of "Jana" shows "Visit planned" about "Flour silo check"
    When "Ada" narrows the grant of "Jana" to the location "Bakehouse"
    Then the timeline of "Jana" shows nothing about "Oven service"

  Scenario: Internal events never reach the portal timeline
    Given the work "Oven service" at "Main Store" with a visit in 3 days for "Tom Becker"
    And every internal field of "Oven service" and its visit holds a marker
    And the billable report "Oven serviced" on "Oven service" asking for the follow-up "Seal worn" has been approved
    And every internal field of the report "Oven serviced" holds a marker
    And the report "Oven serviced" has been published as "Your oven is ready"
    And the report "Oven serviced" has the file "internal-photo.jpg"
    Then the timeline of "Jana" holds only customer-safe entries
    And the timeline of "Jana" shows "Follow-up needed" about "Oven service"
    And the timeline of "Jana" shows nothing about "internal-photo.jpg"
    And no portal answer to "Jana" carries a marker
