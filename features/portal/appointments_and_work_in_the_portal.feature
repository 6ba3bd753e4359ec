Feature: Appointments and open work in the portal
  In order to know when someone comes and how the work stands
  As an invited customer contact
  I want to see upcoming visits and active work at my locations, in my language

  Background:
    Given a tenant "Acme" whose tenant admin is "Ada"
    And "Acme" has a dispatcher "Dora"
    And "Acme" has an employee "Tom Becker"
    And "Acme" has a customer "Bakery Müller"
    And the customer "Bakery Müller" has a location "Main Store" in "Berlin"
    And the customer "Bakery Müller" has a location "Bakehouse" in "Potsdam"
    And the customer "Bakery Müller" has a contact "Jana" at "Main Store" with the e-mail "jana@bakery.example"
    And "Acme" has a customer "Harbour Logistics"
    And the customer "Harbour Logistics" has a location "Warehouse 7" in "Hamburg"
    And the work "Oven service" at "Main Store" with a visit in 3 days for "Tom Becker"
    And the work "Flour silo check" at "Bakehouse" with a visit in 5 days for "Tom Becker"
    And the work "Dock doors" at "Warehouse 7" with a visit in 2 days for "Tom Becker"

  Scenario: A location grant shows only that location's visits and work
    Given "Jana" was invited to the portal for the location "Main Store"
    And "Jana" has accepted the invitation
    Then "Jana" sees an upcoming visit for "Oven service"
    And "Jana" does not see a visit for "Flour silo check"
    And "Jana" does not see a visit for "Dock doors"
    And "Jana" sees the work "Oven service" as "Planned"
    And "Jana" does not see the work "Flour silo check"

  Scenario: A customer grant shows the visits at every location of that customer
    Given "Jana" was invited to the portal for the whole customer
    And "Jana" has accepted the invitation
    Then "Jana" sees an upcoming visit for "Oven service"
    And "Jana" sees an upcoming visit for "Flour silo check"
    And "Jana" does not see a visit for "Dock doors"

  Scenario: Narrowing the grant hides visits on the very next request
    Given "Jana" was invited to the portal for the whole customer
    And "Jana" has accepted the invitation
    When "Ada" narrows the grant of "Jana" to the location "Bakehouse"
    Then "Jana" does not see a visit for "Oven service"
    And "Jana" sees an upcoming visit for "Flour silo check"

  Scenario Outline: Status labels come in the language the contact reads
    Given "Jana" was invited to the portal for the location "Main Store"
    And "Jana" has accepted the invitation
    Then "Jana" reading <language> sees the visit for "Oven service" as "<label>"

    Examples:
      | language | label   |
      | English  | Planned |
      | German   | Geplant |
      | Arabic   | مجدول   |

  Scenario: A tenant's own label wins over the default, in that language only
    Given "Jana" was invited to the portal for the location "Main Store"
    And "Jana" has accepted the invitation
    When "Ada" names the status "planned" "Eingeplant" in German
    Then it is done
    And "Jana" reading German sees the visit for "Oven service" as "Eingeplant"
    And "Jana" reading English sees the visit for "Oven service" as "Planned"

  Scenario: Only a tenant admin names statuses
    When "Dora" names the status "planned" "Booked" in English
    Then it is refused as forbidden

  Scenario: A confirmed visit reads as confirmed
    Given "Jana" was invited to the portal for the location "Main Store"
    And "Jana" has accepted the invitation
    When "Dora" confirms the visit of "Oven service"
    Then "Jana" reading English sees the visit for "Oven service" as "Confirmed"

  Scenario: A reschedule shows in the portal at once
    Given "Jana" was invited to the portal for the location "Main Store"
    And "Jana" has accepted the invitation
    When "Dora" moves the visit of "Oven service" to 4 days from today, 13 to 15 o'clock
    Then "Jana" sees the visit for "Oven service" in 4 days from 13 to 15 o'clock

  Scenario: A cancelled visit leaves the list
    Given "Jana" was invited to the portal for the location "Main Store"
    And "Jana" has accepted the invitation
    When "Dora" cancels the visit of "Oven service"
    Then "Jana" does not see a visit for "Oven service"

  Scenario: The technician is shown by first name only if the tenant chooses so
    Given "Jana" was invited to the portal for the location "Main Store"
    And "Jana" has accepted the invitation
    Then "Jana" sees no technician on the visit for "Oven service"
    When "Ada" lets the portal show the technician's first name
    Then "Jana" sees "Tom" as the technician on the visit for "Oven service"

  Scenario: No internal field ever reaches the portal
    Given every internal field of "Oven service" and its visit holds a marker
    And "Ada" has let the portal show the technician's first name
    And "Jana" was invited to the portal for the whole customer
    And "Jana" has accepted the invitation
    Then no portal answer to "Jana" carries a marker
