Feature: Rejecting bad input
  In order to keep our records clean and our API predictable
  As an API client
  I want every malformed request refused with a clear problem description, and nothing written

  Background:
    Given a tenant "Acme" whose tenant admin is "Ada"

  Scenario Outline: Malformed requests change nothing
    When <request>
    Then it is <outcome>
    And "Acme" still has 0 customers

    Examples:
      | request                                                  | outcome                     |
      | "Ada" sends a customer that is not valid JSON            | refused as invalid          |
      | "Ada" sends a customer with the unknown field "tenantId" | refused as invalid          |
      | "Ada" sends a customer with the unknown field "bogus"    | refused as invalid          |
      | "Ada" sends a customer whose number is not text          | refused as invalid          |
      | "Ada" sends a customer whose name has 201 characters     | refused as invalid          |
      | "Ada" sends a customer of 1200 kilobytes                 | refused as too large        |

  Scenario: Pages hold at most 100 records
    When "Ada" asks for 101 customers at once
    Then it is refused as invalid

  Scenario: A made-up page cursor is refused
    When "Ada" asks for the next page with a made-up cursor
    Then it is refused as invalid

  Scenario: No token, no access
    When someone without a token lists the customers
    Then it is refused as not signed in
