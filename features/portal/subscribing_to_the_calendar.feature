Feature: Subscribing to my visits in a calendar program
  In order to see upcoming visits next to my own appointments
  As an invited customer contact
  I want a secret calendar address that I can rotate or stop, and that follows my access

  Background:
    Given a tenant "Acme" whose tenant admin is "Ada"
    And "Acme" has an employee "Tom Becker"
    And "Acme" has a customer "Bakery Müller"
    And the customer "Bakery Müller" has a location "Main Store" in "Berlin"
    And the customer "Bakery Müller" has a location "Bakehouse" in "Potsdam"
    And the customer "Bakery Müller" has a contact "Jana" at "Main Store" with the e-mail "jana@bakery.example"
    And the work "Oven service" at "Main Store" with a visit in 3 days for "Tom Becker"
    And the work "Flour silo check" at "Bakehouse" with a visit in 5 days for "Tom Becker"
    And "Jana" was invited to the portal for the whole customer
    And "Jana" has accepted the invitation

  Scenario: The feed lists my upcoming visits
    When "Jana" asks for a calendar feed
    Then the calendar feed of "Jana" lists "Oven service"
    And the calendar feed of "Jana" lists "Flour silo check"
    And the tenant admin of "Acme" sees the security event "calendar feed issued"

  Scenario: The feed follows the grants at each fetch
    Given "Jana" has a calendar feed
    When "Ada" narrows the grant of "Jana" to the location "Bakehouse"
    Then the calendar feed of "Jana" does not list "Oven service"
    And the calendar feed of "Jana" lists "Flour silo check"

  Scenario: A rotated feed address stops working at once
    Given "Jana" has a calendar feed
    When "Jana" asks for a calendar feed
    Then the old calendar feed address of "Jana" is refused as not found
    And the calendar feed of "Jana" lists "Oven service"

  Scenario: A stopped feed answers nothing
    Given "Jana" has a calendar feed
    When "Jana" stops the calendar feed
    Then it is done
    And the calendar feed address of "Jana" is refused as not found

  Scenario: A disabled portal user's feed stops too
    Given "Jana" has a calendar feed
    When "Ada" disables the portal access of "Jana"
    Then the calendar feed address of "Jana" is refused as not found
