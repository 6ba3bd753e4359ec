Feature: What a grant allows
  In order to share exactly what each customer contact needs
  As a tenant admin
  I want grants on chosen locations, and permissions that switch reports and requests on or off

  Background:
    Given the bakery with two branches
    And the customer "Bakery Müller" has a location "Café am Markt" in "Berlin"
    And the customer "Bakery Müller" has a contact "Jana" with the e-mail "jana@bakery.example"
    And the work "Oven service" at "Main Store" with a visit in 3 days for "Tom Becker"
    And the work "Roof check" at "Café am Markt" with a visit in 4 days for "Tom Becker"

  Scenario: A grant on several locations shows those and no other
    Given "Jana" was invited to the portal for the locations "Main Store" and "Bakehouse"
    And "Jana" has accepted the invitation
    Then "Jana" sees the location "Main Store"
    And "Jana" sees the location "Bakehouse"
    And "Jana" does not see the location "Café am Markt"
    And "Jana" sees the visit for "Oven service" at "Main Store"
    And "Jana" does not see a visit for "Roof check"

  Scenario: Without the permission to see reports, published reports stay hidden
    Given "Jana" was invited to the portal for the whole customer
    And "Jana" has accepted the invitation
    And the report "Oven check" on "Oven service" has been approved
    And the report "Oven check" has been published as "Your oven service"
    And the grant of "Jana" no longer allows seeing reports
    Then "Jana" sees no published report
    Given the grant of "Jana" allows seeing reports
    Then "Jana" sees the published report "Your oven service"
