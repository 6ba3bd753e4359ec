Feature: The portal app has no internal routes (for engineers)
  In order to keep the portal's attack surface small
  As a security reviewer
  I want every path of the internal API to be missing on the portal app

  Background:
    Given the bakery with two branches and Jana invited to "Main Store"

  Scenario: The portal app has no internal routes
    When "Jana" tries every internal route on the portal app
    Then each one is refused as not found or not allowed
