Feature: Files on a request, for the customer and the service team
  In order to keep the photos and documents of a request together with the request
  As an invited customer contact
  I want to see and download the files we sent and the ones the service team add to their answers

  Whoever may see a request sees the files the customer's side sent with it, and the files the
  service team attached to messages the customer reads; never anything on an internal note.
  Downloading them needs what downloading report files needs: the tenant lets portal users
  download files, and the contact's access includes downloading files.

  Background:
    Given the bakery with two branches and Jana invited to "Main Store"
    And "Acme" lets portal users download files
    And the grant of "Jana" allows downloading files
    And "Jana" has asked for service "Oven is cold" at "Main Store"

  Scenario: A customer finds the photo she attached and downloads it
    When "Jana" attaches "oven.jpg" to the request "Oven is cold"
    Then it is done
    And "Jana" finds the file "oven.jpg" they sent with the request "Oven is cold"
    When "Jana" downloads the file "oven.jpg"
    Then the download is the file "oven.jpg"
    And "Dora" sees that "Jana" downloaded the file "oven.jpg"

  Scenario: A colleague at the same branch sees the files too
    Given "Jana" has attached "oven.jpg" to the request "Oven is cold"
    And the customer "Bakery Müller" has a contact "Paul" at "Main Store" with the e-mail "paul@bakery.example"
    And "Paul" was invited to the portal for the location "Main Store"
    And "Paul" has accepted the invitation
    Then "Paul" finds the file "oven.jpg" of a colleague with the request "Oven is cold"

  Scenario: A contact of another branch sees neither the request nor its files
    Given "Jana" has attached "oven.jpg" to the request "Oven is cold"
    And the customer "Bakery Müller" has a contact "Lena" at "Bakehouse" with the e-mail "lena@bakery.example"
    And "Lena" was invited to the portal for the location "Bakehouse"
    And "Lena" has accepted the invitation
    And the grant of "Lena" allows downloading files
    When "Lena" lists the files of the request "Oven is cold"
    Then it is refused as not found
    When "Lena" downloads the file "oven.jpg"
    Then it is refused as not found

  Scenario: A file the service team attach to their answer reaches the customer
    Given "Dora" has answered "Here is the quote." on the request "Oven is cold"
    When "Dora" attaches "quote.pdf" to the message "Here is the quote."
    Then it is done
    And "Jana" finds the file "quote.pdf" of the service team with the request "Oven is cold"
    And "Jana" finds the file "quote.pdf" on the message "Here is the quote."
    When "Jana" downloads the file "quote.pdf"
    Then the download is the file "quote.pdf"

  Scenario: No file goes on an internal note, nor on the customer's own message
    Given "Dora" has noted internally "CANARY-check-the-warranty" on the request "Oven is cold"
    And "Jana" has written "Is Tuesday possible?" on the request "Oven is cold"
    When "Dora" attaches "warranty.pdf" to the message "CANARY-check-the-warranty"
    Then it is refused as invalid
    When "Dora" attaches "warranty.pdf" to the message "Is Tuesday possible?"
    Then it is refused as invalid
    And "Jana" finds no files with the request "Oven is cold"

  Scenario: Only staff who answer requests attach files to answers
    Given "Dora" has answered "Here is the quote." on the request "Oven is cold"
    When "Tom Becker" attaches "quote.pdf" to the message "Here is the quote."
    Then it is refused as forbidden
    And "Jana" finds no files with the request "Oven is cold"

  Scenario: Without the download permission the files are listed but not handed out
    Given "Jana" has attached "oven.jpg" to the request "Oven is cold"
    And the grant of "Jana" no longer allows downloading files
    Then "Jana" finds the file "oven.jpg" they sent with the request "Oven is cold"
    When "Jana" downloads the file "oven.jpg"
    Then it is refused as forbidden

  Scenario: No downloads while the tenant has not switched file access on
    Given "Jana" has attached "oven.jpg" to the request "Oven is cold"
    And "Acme" no longer lets portal users download files
    When "Jana" downloads the file "oven.jpg"
    Then it is refused as not found
