Feature: Retried requests (for engineers)
  In order to let an app on a weak connection send again without doubling anything
  As an engineer of a portal client
  I want a submission with an Idempotency-Key answered once, and a reused key refused

  Background:
    Given the bakery with two branches and Jana invited to "Main Store"

  Scenario: Sending the same request twice with one key makes one request
    When "Jana" sends the request "Oven is cold" at "Main Store" twice with the same key
    Then both answers describe the same request
    And "Bakery Müller" has 1 request

  Scenario: Reusing a key for another request is refused
    When "Jana" sends the request "Oven is cold" at "Main Store" with the key "retry-0001-abcdef"
    And "Jana" sends the request "Fridge is loud" at "Main Store" with the key "retry-0001-abcdef"
    Then it is refused as invalid
    And "Bakery Müller" has 1 request
