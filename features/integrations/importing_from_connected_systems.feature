Feature: Importing customers and work from connected systems
  In order to take over what an ERP already knows, again and again, without duplicates
  As a tenant admin
  I want a connected system to send its records under its own ids and learn what became of them

  Background:
    Given a tenant "Acme" whose tenant admin is "Ada"
    And "Ada" has connected the system "ERP" through "ERP sync"

  Scenario: Importing the same customer twice keeps one customer
    When "ERP sync" sends the customer "Northwind" known there as "C-100"
    Then the record "C-100" was created
    When "ERP sync" sends the customer "Northwind" known there as "C-100"
    Then the last batch changed nothing
    And "Acme" has one customer "Northwind"

  Scenario: A changed customer updates the one that was imported
    Given "ERP sync" has sent the customer "Northwind" known there as "C-100"
    When "ERP sync" sends the customer "Northwind Ltd" known there as "C-100"
    Then the record "C-100" was updated
    And "Acme" has one customer "Northwind Ltd"

  Scenario: An unknown status becomes a mapping warning and the work is skipped
    Given "ERP sync" has sent the customer "Northwind" known there as "C-100"
    When "ERP sync" sends the work "Annual inspection" known there as "T-1" for "C-100" with the status "70"
    Then the record "T-1" was skipped because its work status "70" is unknown
    And "Northwind" has no work

  Scenario: A value mapping turns the system's status into a known one
    Given "ERP sync" has sent the customer "Northwind" known there as "C-100"
    And "Ada" has mapped the work status "70" of "ERP" to "completed"
    When "ERP sync" sends the work "Annual inspection" known there as "T-1" for "C-100" with the status "70"
    Then the record "T-1" was created
    And the work "Annual inspection" is completed

  Scenario: Imported work shows as imported in the customer's history and never shows the system's id on the portal
    Given "ERP sync" has sent the customer "Northwind" known there as "C-100"
    And "ERP sync" has sent the location "Depot" in "Berlin" known there as "L-7" for "C-100"
    And "ERP sync" has sent the work "Annual inspection" known there as "T-1" for "C-100" at "L-7"
    And the customer "Northwind" has a contact "Jana" with the e-mail "jana@northwind.example"
    And "Jana" was invited to the portal for the whole customer
    And "Jana" has accepted the invitation
    When "Ada" reads the timeline of "Northwind"
    Then the timeline shows that "Annual inspection" was imported from "ERP"
    And nothing "Jana" sees of "Annual inspection" names "T-1"

  Scenario: A key of one system cannot see or write another system's records
    Given "Ada" has connected the system "CRM" through "CRM sync"
    And "ERP sync" has sent the customer "Northwind" known there as "C-100"
    And "ERP sync" has sent the work "Annual inspection" known there as "T-1" for "C-100" with the status "open"
    When "CRM sync" looks at what it has sent
    Then it sees nothing that was sent
    When "CRM sync" reads the customer "Northwind" and its work
    Then it sees no id that "ERP" gave them, while "ERP sync" sees its "T-1"
    When "CRM sync" sends the customer "Northwind" known to "ERP" as "C-100"
    Then it is refused as forbidden

  Scenario: The connected system receives the status of its work under its own id
    Given the system "ERP" receives webhooks
    And "Ada" has registered "ERP" for "target.status_changed"
    And "ERP sync" has sent the customer "Northwind" known there as "C-100"
    And "ERP sync" has sent the work "Annual inspection" known there as "T-1" for "C-100" with the status "open"
    When "Ada" puts the work "Annual inspection" on hold
    And the worker has caught up
    Then "ERP" has received the status of "Annual inspection" under its own id "T-1"
