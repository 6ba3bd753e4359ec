Feature: My data in the portal
  In order to see what the service company holds about me, and to leave when I want to
  As a customer contact
  I want a copy of my own data, and a way to ask for my account to be closed

  Background:
    Given the bakery with two branches and Jana invited to the whole customer
    And the customer "Bakery Müller" has a contact "Lena" with the e-mail "lena@bakery.example"
    And "Lena" was invited to the portal for the whole customer
    And "Lena" has accepted the invitation

  Scenario: A portal user downloads their data and it holds nothing internal
    Given the work "Oven service" at "Main Store" with a visit in 3 days for "Tom Becker"
    And every internal field of "Oven service" and its visit holds a marker
    And "Jana" has asked for service "Oven is cold" at "Main Store"
    And "Dora" has answered "Tuesday works." on the request "Oven is cold"
    And "Dora" has noted internally "CANARY-staff-only" on the request "Oven is cold"
    And "Lena" has asked for service "Door sticks" at "Main Store"
    When "Jana" asks for a copy of their data
    Then it is done
    And the copy of the data of "Jana" is ready for a day
    And the copy of the data of "Jana" holds the request "Oven is cold" with "Tuesday works."
    And the copy of the data of "Jana" holds their name, e-mail address and access to "Bakery Müller"
    And the copy of the data of "Jana" holds nothing about "Door sticks"
    And the copy of the data of "Jana" holds nothing about "CANARY-staff-only"
    And the copy of the data of "Jana" carries no marker

  Scenario: Nobody else receives a portal user's copy
    Given "Jana" has asked for a copy of their data
    Then "Lena" has no copy of their data to download

  Scenario: A copy of the data is offered for one day only
    Given "Jana" has asked for a copy of their data
    When 25 hours pass
    And "Jana" signs in to the portal
    Then the copy of the data of "Jana" has expired

  Scenario: A portal user asks to close their account and the tenant admin sees the request
    When "Jana" asks to close their account
    Then it is done
    And the tenant admin of "Acme" sees that "Jana" asked to close their account
    And the tenant admin of "Acme" sees the security event "account close requested" about "Jana"
