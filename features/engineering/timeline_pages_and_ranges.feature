Feature: Timeline pages and date ranges (for engineers)
  In order to keep paging safe for any client
  As an engineer of a portal client
  I want page cursors bound to who asked and what they asked for, and ranges checked

  Background:
    Given the bakery with two branches and Jana invited to the whole customer
    And the customer "Bakery Müller" has a contact "Lena" with the e-mail "lena@bakery.example"

  Scenario: Cursors belong to the list they came from, and ranges must make sense
    Given the work "Oven service" at "Main Store" with a visit in 3 days for "Tom Becker"
    And the work "Flour silo check" at "Bakehouse" with a visit in 4 days for "Tom Becker"
    And "Lena" was invited to the portal for the whole customer
    And "Lena" has accepted the invitation
    When "Jana" continues the timeline with a cursor issued to "Lena"
    Then it is refused as invalid
    When "Jana" continues the timeline with a cursor issued for other kinds of entry
    Then it is refused as invalid
    When "Jana" continues the timeline with a cursor that was tampered with
    Then it is refused as invalid
    When "Jana" asks for the timeline from 2026-12-01 to 2026-11-01
    Then it is refused as invalid
    When "Jana" asks for the timeline from 2024-01-01 to 2026-01-01
    Then it is refused as invalid
