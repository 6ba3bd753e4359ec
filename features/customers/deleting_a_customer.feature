Feature: Deleting a customer
  In order to honour a customer's request to be forgotten
  As a tenant admin
  I want to delete a customer, or keep its history without its personal data, after confirming
  with its customer number

  Background:
    Given a tenant "Acme" whose tenant admin is "Ada"
    And "Acme" has an employee "Eve"
    And "Acme" has a customer "Bakery Müller" with the number "C-123"
    And the customer "Bakery Müller" has a location "Main Store" in "Berlin"
    And the customer "Bakery Müller" has a contact "Jana" at "Main Store" with the e-mail "jana@bakery.example"
    And "Jana" was invited to the portal for the whole customer
    And "Jana" has accepted the invitation
    And the work "Oven repair" at "Main Store" for "Jana" with a visit in 2 days for "Eve"

  Scenario: A deleted customer's contact can no longer sign in and nothing of it appears anywhere
    When "Ada" deletes the customer "Bakery Müller", confirming with the number "C-123"
    Then it is done
    And nothing of the customer "Bakery Müller" appears anywhere while it is being deleted
    And "Jana" is signed out on the next request
    And nothing of the customer "Bakery Müller" appears anywhere
    When "Jana" signs in to the portal
    Then it is refused as not signed in

  Scenario: An anonymised customer's visits keep their dates without names
    When "Ada" anonymises the customer "Bakery Müller", confirming with the number "C-123"
    Then it is done
    And "Jana" is signed out on the next request
    And the visit of "Oven repair" keeps its date
    And the names of "Bakery Müller" and "Jana" appear nowhere

  Scenario: A wrong confirmation changes nothing
    When "Ada" deletes the customer "Bakery Müller", confirming with the number "C-124"
    Then it is refused as invalid
    And the customer "Bakery Müller" is still there with its work
    And "Jana" is still signed in

  Scenario: Deleting a contact keeps the work it was named on
    When "Ada" erases the contact "Jana"
    Then it is done
    And "Jana" is signed out on the next request
    And the work "Oven repair" is still there, naming no contact person
