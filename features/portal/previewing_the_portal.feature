Feature: Previewing the portal as a customer contact sees it
  In order to answer a customer's questions, and to check a grant before giving it
  As a manager
  I want to see the portal exactly as one contact sees it, without signing in as them

  Background:
    Given the bakery with two branches and Jana invited to "Main Store"
    And the work "Oven service" at "Main Store" with a visit in 3 days for "Tom Becker"
    And the work "Roof check" at "Bakehouse" with a visit in 4 days for "Tom Becker"
    And the customer "Bakery Müller" has a contact "Lena" with the e-mail "lena@bakery.example"

  Scenario: A manager previews what Jana sees and the preview shows no internal note
    Given the customer "Bakery Müller" has the internal note "Pays only after two reminders"
    And "Max" has written the internal note "Back door code 4711" on the work "Oven service"
    And "Dora" has written the internal note "Ring twice at the back" on the visit of "Oven service"
    And "Jana" has asked for service "Oven is cold" at "Main Store"
    And "Max" has noted internally "She always exaggerates" on the request "Oven is cold"
    And "Max" has answered "We come on Tuesday" on the request "Oven is cold"
    When "Max" previews the portal of "Jana"
    Then it is done
    And the preview of "Jana" shows the visit for "Oven service" at "Main Store"
    And the preview of "Jana" shows the work "Oven service"
    And the preview of "Jana" shows "We come on Tuesday" on the request "Oven is cold"
    And the preview of "Jana" shows no visit for "Roof check"
    And nothing the preview of "Jana" shows mentions "two reminders"
    And nothing the preview of "Jana" shows mentions "Back door code"
    And nothing the preview of "Jana" shows mentions "Ring twice"
    And nothing the preview of "Jana" shows mentions "exaggerates"

  Scenario: A dispatcher cannot preview
    When "Dora" previews the portal of "Jana"
    Then it is refused as forbidden
    When "Dora" previews the portal of "Lena" with a grant on the location "Bakehouse"
    Then it is refused as forbidden
    And the audit trail of "Acme" records nothing by "Dora"

  Scenario: A manager previews what a contact would see before inviting them, with a grant on one location
    When "Max" previews the portal of "Lena" with a grant on the location "Bakehouse"
    Then it is done
    And the preview of "Lena" shows the visit for "Roof check" at "Bakehouse"
    And the preview of "Lena" shows no visit for "Oven service"
    And "Lena" has no portal access

  Scenario: Previewing leaves an entry in the audit trail
    When "Max" previews the portal of "Jana"
    Then the audit trail of "Acme" records "portal user previewed" by "Max"
    When "Max" previews the portal of "Lena" with a grant on the location "Bakehouse"
    Then the audit trail of "Acme" records "contact portal previewed" by "Max"
