Feature: A tenant adjusts who sees and changes what
  In order to fit the role model to how the company works, without giving away more
  As a tenant admin
  I want a few documented switches, each recorded when changed, that staff can read

  Background:
    Given a tenant "Acme" whose tenant admin is "Ada"
    And "Acme" has a manager "Max"
    And "Acme" has a dispatcher "Dora"
    And "Acme" has an employee "Tom Becker"
    And "Acme" has a customer "Bakery Müller"
    And the customer "Bakery Müller" has a location "Main Store" in "Berlin"

  Scenario: A tenant lets managers edit contacts, and a manager then can
    When "Max" adds the contact "Jana" at "Main Store" to the customer "Bakery Müller"
    Then it is refused as forbidden
    When "Ada" sets "managers edit locations and contacts" to "on" in the access model
    Then it is done
    And the audit trail of "Acme" records "tenant access switches changed"
    And the access model of "Max" shows "managers edit locations and contacts" set to "on"
    When "Max" adds the contact "Jana" at "Main Store" to the customer "Bakery Müller"
    Then it is done
    When "Dora" adds the contact "Lena" at "Main Store" to the customer "Bakery Müller"
    Then it is refused as forbidden

  Scenario: A tenant keeps billing from its dispatchers altogether
    Given "Ada" has set "dispatcher billing" to "none" in the access model
    When "Dora" lists the billing triggers
    Then it is refused as forbidden
    When "Max" lists the billing triggers
    Then it is done

  Scenario: A tenant keeps the contact's phone number from employees
    Given the customer "Bakery Müller" has a contact "Jana" at "Main Store" with the e-mail "jana@bakery.example"
    And the contact "Jana" can be called on "+49 30 1234567"
    And the work "Bread oven" at "Main Store" for "Jana" with a visit in 2 days for "Tom Becker"
    When "Tom Becker" looks at the contact "Jana"
    Then the answer shows the phone number
    Given "Ada" has set "employees see contact phone" to "off" in the access model
    When "Tom Becker" looks at the contact "Jana"
    Then it is done
    And the answer leaves out the phone number
    And the answer shows the e-mail address

  Scenario: Only a tenant admin adjusts the access model
    When "Max" sets "managers edit locations and contacts" to "on" in the access model
    Then it is refused as forbidden
    And the access model of "Max" shows "managers edit locations and contacts" set to "off"
