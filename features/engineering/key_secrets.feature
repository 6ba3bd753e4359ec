Feature: How key secrets look (for engineers)
  In order to spot a leaked key in logs and code
  As an engineer
  I want every API key secret to start with a recognisable prefix

  Background:
    Given Acme and its staff

  Scenario: A new key's secret carries the ordv_ prefix
    When "Ada" creates an integration key "ERP" that may read customers
    Then it is done
    And the key's secret is shown once, with the prefix ordv_
