Feature: A customer's history for staff
  In order to know everything that happened with a customer before I call them
  As a member of staff
  I want one timeline of the customer's work, visits, reports, requests and follow-ups

  Background:
    Given a tenant "Acme" whose tenant admin is "Ada"
    And "Acme" has a manager "Max"
    And "Acme" has a dispatcher "Dora"
    And "Acme" has an employee "Tom Becker"
    And "Acme" has an employee "Eva Schulz"
    And "Acme" has a customer "Bakery Müller"
    And the customer "Bakery Müller" has a location "Main Store" in "Berlin"
    And the work "Oven service" at "Main Store" with a visit in 3 days for "Tom Becker"
    And the work "Cold room check" at "Main Store" with a visit in 5 days for "Eva Schulz"
    And the billable report "Oven serviced" on "Oven service" has been approved

  Scenario: A tenant admin sees everything, billing included
    When "Ada" reads the timeline of "Bakery Müller"
    Then the timeline shows entries about the work "Oven service"
    And the timeline shows entries about the work "Cold room check"
    And the timeline shows report entries
    And the timeline shows billing entries

  Scenario: A dispatcher sees the work, and that billing was triggered
    When "Dora" reads the timeline of "Bakery Müller"
    Then the timeline shows visit entries
    And the timeline shows billing entries

  Scenario: An employee's timeline shows only their assigned work
    When "Tom Becker" reads the timeline of "Bakery Müller"
    Then the timeline shows entries about the work "Oven service"
    And the timeline shows nothing about the work "Cold room check"
    And the timeline shows no billing entries
    And the timeline shows no customer entries

  Scenario: An employee without work at the customer does not find the customer
    Given "Acme" has an employee "Kim Lee"
    When "Kim Lee" reads the timeline of "Bakery Müller"
    Then it is refused as not found
