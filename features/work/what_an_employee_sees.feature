Feature: What an employee sees of planned work
  In order to do the job without seeing what is not theirs
  As an employee
  I want to see my assigned work, with the address and access notes, and nothing of billing

  Background:
    Given a tenant "Acme" whose tenant admin is "Ada"
    And "Acme" has an employee "Tom Becker"
    And "Acme" has an employee "Eva Schulz"
    And "Acme" has a customer "Bakery Müller"
    And the customer "Bakery Müller" has a location "Main Store" in "Berlin"
    And "Acme" has a customer "Harbour Logistics"
    And the customer "Harbour Logistics" has a location "Warehouse 7" in "Hamburg"
    And the work "Oven service" at "Main Store" with a visit in 3 days for "Tom Becker"
    And the work "Dock doors" at "Warehouse 7" with a visit in 3 days for "Eva Schulz"

  Scenario: An employee's lists hold only their assigned work
    When "Tom Becker" lists the visits
    Then the list shows the work "Oven service"
    And the list does not show the work "Dock doors"
    When "Tom Becker" lists the work
    Then the list shows the work "Oven service"
    And the list does not show the work "Dock doors"

  Scenario: An employee opens the place of their work, with its access notes
    When "Tom Becker" looks at the location "Main Store"
    Then it is done
    And the answer shows the access notes
    When "Tom Becker" looks at the location "Warehouse 7"
    Then it is refused as not found

  Scenario: Another employee's work does not exist for them
    When "Tom Becker" looks at the work "Dock doors"
    Then it is refused as not found

  Scenario: An employee never sees billing, external references or internal notes of work
    Given every internal field of "Oven service" and its visit holds a marker
    When "Tom Becker" looks at the work "Oven service"
    Then it is done
    And the answer leaves out the billing details
    And the answer leaves out the internal notes
    And the answer leaves out the external reference

  Scenario: A tenant admin sees all of it
    Given every internal field of "Oven service" and its visit holds a marker
    When "Ada" looks at the work "Oven service"
    Then the answer shows the billing details
    And the answer shows the internal notes
    And the answer shows the external reference

  Scenario: An employee sees the contact person of their work, not every contact of the customer
    Given the customer "Bakery Müller" has a contact "Jana" at "Main Store" with the e-mail "jana@bakery.example"
    And the customer "Bakery Müller" has a contact "Lena" at "Main Store" with the e-mail "lena@bakery.example"
    And the work "Bread oven" at "Main Store" for "Jana" with a visit in 2 days for "Tom Becker"
    When "Tom Becker" lists the contacts of "Bakery Müller"
    Then the list shows "Jana"
    And the list does not show "Lena"
    When "Tom Becker" looks at the contact "Lena"
    Then it is refused as not found
    When "Tom Becker" looks at the contact "Jana"
    Then it is done
    When "Ada" lists the contacts of "Bakery Müller"
    Then the list shows "Lena"
