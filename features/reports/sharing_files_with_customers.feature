Feature: Sharing files of a report with the customer
  In order to hand customers the documents of a visit and nothing else
  As a manager
  I want to release files one by one, and only where downloads are allowed

  Background:
    Given a tenant "Acme" whose tenant admin is "Ada"
    And "Acme" has a manager "Max"
    And "Acme" has an employee "Tom Becker"
    And "Acme" has a customer "Bakery Müller"
    And the customer "Bakery Müller" has a location "Main Store" in "Berlin"
    And the customer "Bakery Müller" has a location "Bakehouse" in "Potsdam"
    And the customer "Bakery Müller" has a contact "Jana" with the e-mail "jana@bakery.example"
    And the customer "Bakery Müller" has a contact "Lena" with the e-mail "lena@bakery.example"
    And "Jana" was invited to the portal for the whole customer
    And "Jana" has accepted the invitation
    And the work "Oven service" at "Main Store" with a visit in 3 days for "Tom Becker"
    And the report "Oven serviced" on "Oven service" has been approved
    And the report "Oven serviced" has been published as "Your oven is ready"
    And the report "Oven serviced" has the file "before.jpg"
    And the report "Oven serviced" has the file "service-sheet.pdf"

  Scenario: Files are released one by one, and a release can be withdrawn
    Given "Acme" lets portal users download files
    And the grant of "Jana" allows downloading files
    Then "Jana" does not see the file "service-sheet.pdf" on the report "Your oven is ready"
    When "Max" releases the file "service-sheet.pdf"
    Then "Jana" sees the file "service-sheet.pdf" on the report "Your oven is ready"
    And "Jana" does not see the file "before.jpg" on the report "Your oven is ready"
    When "Jana" downloads the file "service-sheet.pdf"
    Then the download is the file "service-sheet.pdf"
    When "Jana" downloads the file "before.jpg"
    Then it is refused as not found
    When "Max" withdraws the release of the file "service-sheet.pdf"
    And "Jana" downloads the file "service-sheet.pdf"
    Then it is refused as not found
    And "Jana" does not see the file "service-sheet.pdf" on the report "Your oven is ready"

  Scenario: Staff see who downloaded a file and when
    Given "Acme" lets portal users download files
    And the grant of "Jana" allows downloading files
    And the file "service-sheet.pdf" has been released
    Then "Max" sees no download of the file "service-sheet.pdf"
    When "Jana" downloads the file "service-sheet.pdf"
    Then the download is the file "service-sheet.pdf"
    And "Max" sees that "Jana" downloaded the file "service-sheet.pdf"

  Scenario: Unpublishing the report hides its released files too
    Given "Acme" lets portal users download files
    And the grant of "Jana" allows downloading files
    And the file "service-sheet.pdf" has been released
    When "Max" unpublishes the report "Oven serviced"
    And "Jana" downloads the file "service-sheet.pdf"
    Then it is refused as not found

  Scenario: No downloads while the tenant has not switched attachment access on
    Given the grant of "Jana" allows downloading files
    And the file "service-sheet.pdf" has been released
    Then "Jana" sees the file "service-sheet.pdf" on the report "Your oven is ready"
    When "Jana" downloads the file "service-sheet.pdf"
    Then it is refused as not found

  Scenario: A grant without the download permission may not download
    Given "Acme" lets portal users download files
    And the file "service-sheet.pdf" has been released
    When "Jana" downloads the file "service-sheet.pdf"
    Then it is refused as forbidden

  Scenario: A contact of another location sees neither the report nor its files
    Given "Acme" lets portal users download files
    And the file "service-sheet.pdf" has been released
    And "Lena" was invited to the portal for the location "Bakehouse"
    And "Lena" has accepted the invitation
    And the grant of "Lena" allows downloading files
    Then "Lena" sees no published report
    When "Lena" downloads the file "service-sheet.pdf"
    Then it is refused as not found

  Scenario: Staff download exactly what was uploaded
    Then the file "service-sheet.pdf" is stored
    And the file "before.jpg" is stored

  Scenario Outline: Harmful file names are refused
    When "Ada" uploads a file named with <name> to the report "Oven serviced"
    Then it is refused as invalid

    Examples:
      | name                     |
      | a path                   |
      | a line break             |
      | a NUL byte               |
      | a right-to-left override |
      | 300 characters           |

  Scenario: A file whose content is not of its declared type is refused
    When "Ada" uploads a text file declared as a PDF to the report "Oven serviced"
    Then it is refused as invalid

  Scenario: A file over the size limit is refused
    When "Ada" uploads a file larger than the limit to the report "Oven serviced"
    Then it is refused as too large

  Scenario: Deleting a report removes its stored files
    When "Ada" deletes the report "Oven serviced"
    Then it is done
    And the stored files of "Acme" are gone
    And "Jana" sees no published report
