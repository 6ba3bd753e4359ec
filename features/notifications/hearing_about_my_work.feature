Feature: Customers hear about their work by e-mail
  In order to follow my requests and visits without looking into the portal all the time
  As an invited customer contact
  I want an e-mail when something I may see changes, in my language, and a way to stop it

  Background:
    Given a tenant "Acme" whose tenant admin is "Ada"
    And "Acme" has a dispatcher "Dora"
    And "Acme" has an employee "Tom Becker"
    And "Acme" has a customer "Bakery Müller"
    And the customer "Bakery Müller" has a location "Main Store" in "Berlin"
    And the customer "Bakery Müller" has a location "Side Store" in "Potsdam"
    And the customer "Bakery Müller" has a contact "Jana" at "Main Store" with the e-mail "jana@bakery.example"
    And "Jana" was invited to the portal for the location "Main Store"
    And "Jana" has accepted the invitation

  Scenario: A customer is told when the request is accepted and when it is planned
    When "Jana" asks for service "Oven is cold" at "Main Store" preferring 3 days from now, 9 to 12 o'clock
    And "Dora" starts reviewing the request "Oven is cold"
    And "Dora" accepts the request "Oven is cold"
    And "Dora" turns the request "Oven is cold" into work with a visit in the preferred window
    Then "Jana" receives an e-mail that the request "Oven is cold" is received
    And "Jana" receives an e-mail that the request "Oven is cold" is under review
    And "Jana" receives an e-mail that the request "Oven is cold" is accepted
    And "Jana" receives an e-mail that the request "Oven is cold" is planned
    And the e-mail to "Jana" about "Oven is cold" has a one-click unsubscribe link

  Scenario: A declined request's e-mail carries the reason and never the internal note
    Given "Jana" has asked for service "Oven is cold" at "Main Store"
    When "Dora" declines the request "Oven is cold" because "Ovens are not our trade." noting internally "Difficult customer"
    Then "Jana" receives an e-mail that the request "Oven is cold" is declined
    And the e-mail to "Jana" about "Oven is cold" says "Ovens are not our trade."
    And no e-mail to "Jana" mentions "Difficult customer"

  Scenario: A contact whose grant does not cover the location hears nothing
    Given the customer "Bakery Müller" has a contact "Paul" at "Side Store" with the e-mail "paul@bakery.example"
    And "Paul" was invited to the portal for the location "Side Store"
    And "Paul" has accepted the invitation
    And "Jana" has asked for service "Oven is cold" at "Main Store"
    When "Dora" starts reviewing the request "Oven is cold"
    And "Dora" accepts the request "Oven is cold"
    Then "Jana" receives an e-mail that the request "Oven is cold" is accepted
    And "Paul" receives no e-mail

  Scenario: A contact is reminded once, the day before a visit
    Given the work "Oven service" at "Main Store" with a visit in 3 days for "Tom Becker"
    When it is the day before the visit of "Oven service"
    And 1 hours pass
    And it is the day before the visit of "Oven service"
    Then "Jana" receives 1 reminder of the visit of "Oven service"

  Scenario: A contact who switched off reminders gets none
    Given the work "Oven service" at "Main Store" with a visit in 3 days for "Tom Becker"
    And "Jana" has switched off e-mails about visit reminders
    When it is the day before the visit of "Oven service"
    Then "Jana" receives no reminder of the visit of "Oven service"

  Scenario: The link in an e-mail stops that kind of e-mail and nothing else
    Given "Jana" has asked for service "Oven is cold" at "Main Store"
    When "Jana" unsubscribes with the link in the e-mail about "Oven is cold"
    And "Jana" asks for service "Fridge is warm" at "Main Store"
    And "Dora" starts reviewing the request "Fridge is warm"
    Then "Jana" receives no e-mail that the request "Fridge is warm" is received
    And "Jana" receives an e-mail that the request "Fridge is warm" is under review

  Scenario: An Arabic-speaking contact gets Arabic e-mail, written right to left
    Given the customer "Bakery Müller" has a contact "Samira" who reads Arabic with the e-mail "samira@bakery.example"
    And "Samira" was invited to the portal for the whole customer
    And "Samira" has accepted the invitation
    When "Samira" asks for service "Oven is cold" at "Main Store"
    Then the e-mail to "Samira" about "Oven is cold" is written in Arabic

  Scenario: An internal note on a request sends no e-mail
    Given "Jana" has asked for service "Oven is cold" at "Main Store"
    And "Jana" has read their e-mail
    When "Dora" notes internally "Call back after lunch" on the request "Oven is cold"
    Then "Jana" receives no e-mail

  Scenario: A customer changes their language and the next e-mail follows it
    Given "Jana" has asked for service "Oven is cold" at "Main Store"
    When "Jana" changes the portal language to German
    And "Dora" starts reviewing the request "Oven is cold"
    Then the e-mail to "Jana" about "Oven is cold" is written in German

  Scenario: Visit times are given in the location's time zone
    Given the location "Main Store" keeps time in "America/New_York"
    And the work "Oven service" at "Main Store" with a visit in 3 days for "Tom Becker"
    Then the e-mail to "Jana" about "Oven service" gives the time in "America/New_York"
