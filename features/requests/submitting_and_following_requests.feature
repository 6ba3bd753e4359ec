Feature: Submitting and following requests from the portal
  In order to ask for service without e-mail back-and-forth
  As an invited customer contact
  I want to submit a request for one of my locations and follow it to the planned visit

  Background:
    Given the bakery with two branches and Jana invited to "Main Store"

  Scenario: A request goes from received to planned, and the portal shows the date
    When "Jana" asks for service "Oven is cold" at "Main Store" preferring 3 days from now, 9 to 12 o'clock
    Then it is done
    And "Jana" sees the request "Oven is cold" as "Received"
    When "Dora" starts reviewing the request "Oven is cold"
    Then "Jana" sees the request "Oven is cold" as "Under review"
    When "Dora" turns the request "Oven is cold" into work with a visit in the preferred window
    Then it is done
    And "Jana" sees the request "Oven is cold" as "Planned"
    And "Jana" sees the planned visit date of "Oven is cold"
    And "Jana" sees an upcoming visit for "Oven is cold"
    And the audit trail of "Acme" records "request converted"

  Scenario: A declined request shows the reason written for the customer, never the internal one
    When "Jana" asks for service "Paint the walls" at "Main Store"
    And "Dora" declines the request "Paint the walls" because "We do not offer painting." noting internally "CANARY-internal-reason"
    Then it is done
    And "Jana" sees the request "Paint the walls" as "Declined" with the reason "We do not offer painting."
    And nothing "Jana" can read about "Paint the walls" mentions "CANARY-internal-reason"

  Scenario: The author withdraws a request nobody has reviewed yet
    When "Jana" asks for service "Replace bulb" at "Main Store"
    And "Jana" withdraws the request "Replace bulb"
    Then it is done
    And "Jana" sees the request "Replace bulb" as "Withdrawn"

  Scenario: A request under review can no longer be withdrawn
    When "Jana" asks for service "Replace bulb" at "Main Store"
    And "Dora" starts reviewing the request "Replace bulb"
    And "Jana" withdraws the request "Replace bulb"
    Then it is refused as invalid
    And "Jana" sees the request "Replace bulb" as "Under review"

  Scenario: A location outside the grant answers like a missing one
    When "Jana" asks for service "Check the silo" at "Bakehouse"
    Then it is refused as not found
    And "Bakery Müller" has no requests

  Scenario: Without the submit flag nothing can be submitted
    Given the grant of "Jana" no longer allows submitting requests
    When "Jana" asks for service "Oven is cold" at "Main Store"
    Then it is refused as forbidden
    And "Bakery Müller" has no requests

  Scenario Outline: Preferred windows must be few, in the future and in order
    When "Jana" asks for service "Oven is cold" at "Main Store" preferring <windows>
    Then it is refused as invalid
    And "Bakery Müller" has no requests

    Examples:
      | windows                                  |
      | 2 days ago, 9 to 12 o'clock              |
      | 3 days from now, 12 to 9 o'clock         |
      | 6 windows                                |

  Scenario: Asking to reschedule a visit changes nothing until staff act
    Given the work "Oven service" at "Main Store" with an unassigned visit in 3 days
    When "Jana" asks to reschedule the visit of "Oven service"
    Then it is done
    And the visit of "Oven service" is planned
    And the review queue of "Acme" shows a reschedule request

  Scenario: Customer and staff talk on a request; internal comments stay inside
    When "Jana" asks for service "Oven is cold" at "Main Store"
    And "Jana" writes "Is Tuesday possible?" on the request "Oven is cold"
    And "Dora" answers "Tuesday works." on the request "Oven is cold"
    And "Dora" notes internally "CANARY-staff-only" on the request "Oven is cold"
    Then "Jana" reads "Is Tuesday possible?" and "Tuesday works." on the request "Oven is cold"
    And nothing "Jana" can read about "Oven is cold" mentions "CANARY-staff-only"
    And "Dora" reads "CANARY-staff-only" on the request "Oven is cold"

  Scenario: A customer finds their requests by the status they read
    Given "Jana" has asked for service "Oven is cold" at "Main Store"
    And "Jana" has asked for service "New shop sign" at "Main Store"
    And "Jana" has asked for service "Fridge is loud" at "Main Store"
    And "Dora" has started reviewing the request "New shop sign"
    And "Dora" has declined the request "New shop sign" because "We do not make signs." noting internally "Refer to SignCo"
    And "Dora" has started reviewing the request "Fridge is loud"
    And "Dora" has turned the request "Fridge is loud" into work
    When "Jana" lists their declined requests
    Then the list shows "New shop sign"
    And the list does not show "Oven is cold"
    When "Jana" lists their accepted requests
    Then the list shows "Fridge is loud"
    And the list does not show "New shop sign"
    When "Jana" lists their received requests
    Then the list shows "Oven is cold"
