Feature: Reviewing portal requests
  In order to answer every customer request once and clearly
  As a dispatcher
  I want a review queue where I start, accept, decline or convert requests

  Background:
    Given the bakery with two branches and Jana invited to "Main Store"
    And "Jana" has asked for service "Oven is cold" at "Main Store"

  Scenario: The queue lists requests by status
    When "Dora" lists the submitted requests
    Then the queue shows "Oven is cold"
    When "Dora" lists the rejected requests
    Then the queue does not show "Oven is cold"

  Scenario: Converted work carries customer, location and contact
    When "Dora" starts reviewing the request "Oven is cold"
    And "Dora" turns the request "Oven is cold" into work
    Then it is done
    And the work made from "Oven is cold" is at "Main Store" for "Bakery Müller" with the contact "Jana"

  Scenario: A request is taken into review only once
    When "Dora" starts reviewing the request "Oven is cold"
    And "Dora" starts reviewing the request "Oven is cold"
    Then it is refused as invalid

  Scenario: A declined request cannot be converted
    When "Dora" declines the request "Oven is cold" because "Not our trade." noting internally "none"
    And "Dora" turns the request "Oven is cold" into work
    Then it is refused as invalid
    And "Bakery Müller" has no work

  Scenario: Employees do not review requests
    When "Tom Becker" starts reviewing the request "Oven is cold"
    Then it is refused as forbidden
