Feature: Grants on another customer only for its recorded partners
  In order that a customer's contact sees nothing of a customer it does not act for
  As a manager
  I want a grant on a customer other than the contact's own refused until I record the contact as a partner of that customer

  Background:
    Given a tenant "Acme" whose tenant admin is "Ada"
    And a tenant "Globex" whose tenant admin is "Gina"
    And "Acme" has a manager "Max"
    And "Acme" has a customer "Bakery Müller"
    And the customer "Bakery Müller" has a location "Main Store" in "Berlin"
    And the customer "Bakery Müller" has a contact "Jana" at "Main Store" with the e-mail "jana@bakery.example"
    And "Acme" has a customer "Café Lenz"
    And the customer "Café Lenz" has a location "Terrace" in "Leipzig"
    And "Globex" has a customer "Harbour Diner"

  Scenario: A grant on another customer is refused
    Given "Jana" was invited to the portal for the whole customer
    And "Jana" has accepted the invitation
    When "Max" also gives "Jana" access to the customer "Café Lenz"
    Then it is refused as invalid
    And the refusal says "Jana is a contact of Bakery Müller; a grant on Café Lenz needs Jana recorded as a partner of Café Lenz first."
    And "Jana" does not see the location "Terrace"

  Scenario: An invitation with a first grant on another customer is refused
    When "Max" invites "Jana" to the portal for the customer "Café Lenz"
    Then it is refused as invalid
    And the refusal says "Jana is a contact of Bakery Müller; a grant on Café Lenz needs Jana recorded as a partner of Café Lenz first."

  Scenario: Staff record a contact as a partner of another customer
    When "Max" records "Jana" as a partner of "Café Lenz"
    Then it is done
    And "Jana" is a recorded partner of "Café Lenz"
    And the audit trail of "Acme" records "contact partner added" by "Max"

  Scenario: After staff record Jana as a partner of Café Lenz, a grant on Café Lenz is given
    Given "Jana" was invited to the portal for the whole customer
    And "Jana" has accepted the invitation
    And "Max" has recorded "Jana" as a partner of "Café Lenz"
    When "Max" also gives "Jana" access to the customer "Café Lenz"
    Then it is done
    And "Jana" sees the location "Terrace"
    And "Jana" sees the location "Main Store"

  Scenario: Removing the partner relation revokes the grants on that customer
    Given "Jana" was invited to the portal for the whole customer
    And "Jana" has accepted the invitation
    And "Max" has recorded "Jana" as a partner of "Café Lenz"
    And "Max" has also given "Jana" access to the customer "Café Lenz"
    When "Max" removes "Jana" as a partner of "Café Lenz"
    Then it is done
    And "Jana" is not a recorded partner of "Café Lenz"
    And "Jana" holds no grant on the customer "Café Lenz"
    And "Jana" still holds a grant on the customer "Bakery Müller"
    And the audit trail of "Acme" records "contact partner removed" by "Max"

  Scenario: A contact is not recorded as a partner of its own customer
    When "Max" records "Jana" as a partner of "Bakery Müller"
    Then it is refused as invalid
    And "Jana" is not a recorded partner of "Bakery Müller"

  Scenario: Another tenant's customer does not exist for a partner relation, and nothing changes
    When "Max" records "Jana" as a partner of "Harbour Diner"
    Then it is refused as not found
    And "Jana" is not a recorded partner of "Harbour Diner"
    And the audit trail of "Acme" records nothing by "Max"
