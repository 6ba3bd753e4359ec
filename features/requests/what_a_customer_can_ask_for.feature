Feature: What a customer can ask for, with a photo or a document
  In order to tell the service team what we need without a phone call
  As an invited customer contact
  I want to ask for service, maintenance, an appointment or support, and add photos and documents

  Background:
    Given the bakery with two branches and Jana invited to "Main Store"

  Scenario Outline: A customer asks for <kind>
    When "Jana" asks for <kind> "Oven check" at "Main Store"
    Then it is done
    And "Jana" sees the request "Oven check" as "Received"
    And "Bakery Müller" has 1 request

    Examples:
      | kind        |
      | service     |
      | maintenance |
      | appointment |
      | support     |

  Scenario: A customer adds a photo and a document to a request
    Given "Jana" has asked for service "Oven is cold" at "Main Store"
    When "Jana" attaches "oven.jpg" to the request "Oven is cold"
    Then it is done
    When "Jana" attaches "error-list.pdf" to the request "Oven is cold"
    Then it is done
    And staff find the file "oven.jpg" on the request "Oven is cold"
    And staff find the file "error-list.pdf" on the request "Oven is cold"

  Scenario: Nobody can sign themselves up
    When someone signs themselves up to the portal of "Acme" as "stranger@example.com"
    Then it is refused
    When someone signs themselves up to the internal app of "Acme" as "stranger@example.com"
    Then it is refused
    And "Acme" has no account for "stranger@example.com"

  Scenario: Requests, work and reports read in German and Arabic
    Given the work "Oven service" at "Main Store" with a visit in 3 days for "Tom Becker"
    And the report "Oven check" on "Oven service" has been approved
    And the report "Oven check" has been published as "Your oven service"
    And "Jana" has asked for service "Oven is cold" at "Main Store"
    Then "Jana" sees the request "Oven is cold" as "Eingegangen" in German
    And "Jana" sees the request "Oven is cold" as "تم الاستلام" in Arabic
    And "Jana" sees the work "Oven service" as "Geplant" in German
    And "Jana" sees the work "Oven service" as "مجدول" in Arabic
    And "Jana" sees the report "Your oven service" as "Verfügbar" in German
    And "Jana" sees the report "Your oven service" as "متاح" in Arabic
    And the timeline of "Jana" in Arabic shows "تم استلام الطلب" first
