Feature: Staff hear of what customers do
  In order to answer customers quickly without watching the review queue all day
  As a dispatcher or a manager
  I want an e-mail when a request arrives or a customer writes on one, as my tenant chose

  Background:
    Given the bakery with two branches and Jana invited to "Main Store"

  Scenario: Managers and dispatchers hear of a new request, employees do not
    When "Jana" asks for service "Oven is cold" at "Main Store"
    Then "Dora" receives an e-mail about the new request "Oven is cold"
    And "Max" receives an e-mail about the new request "Oven is cold"
    And "Tom Becker" receives no e-mail about the new request "Oven is cold"

  Scenario: The tenant chooses who hears of new requests
    Given new requests are mailed to tenant admins
    When "Jana" asks for service "Oven is cold" at "Main Store"
    Then "Ada" receives an e-mail about the new request "Oven is cold"
    And "Dora" receives no e-mail about the new request "Oven is cold"

  Scenario: A customer's comment is mailed to staff, a colleague's internal note is not
    Given "Jana" has asked for service "Oven is cold" at "Main Store"
    When "Dora" notes internally "Call back after lunch" on the request "Oven is cold"
    And "Jana" writes "It is getting worse" on the request "Oven is cold"
    Then "Max" receives an e-mail that "Bakery Müller" wrote on the request "Oven is cold"
    And no e-mail to "Jana" mentions "Call back after lunch"
