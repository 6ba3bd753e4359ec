Feature: Keeping records only as long as needed
  In order to hold no one's personal data longer than we promised
  As a tenant admin
  I want each kind of record removed once it is older than the period we set for it

  Background:
    Given a tenant "Acme" whose tenant admin is "Ada"
    And a tenant "Globex" whose tenant admin is "Gina"
    And "Acme" has a manager "Max"
    And "Globex" has a manager "Greta"

  Scenario: A security event older than the period is gone and a younger one stays
    Given "Ada" has set security events to be kept for 30 days
    And "Max" has failed to sign in 2 times
    And 29 days have passed
    And "Max" has failed to sign in 3 times
    When 2 days pass
    And the retention job runs
    Then the security events of "Acme" hold 3 "sign-in failed"

  Scenario: A tenant admin sets how long a kind of record is kept, and the change is audited
    When "Ada" sets security events to be kept for 60 days
    Then it is done
    And security events of "Acme" are kept for 60 days
    And the audit trail of "Acme" records "tenant retention changed" by "Ada"

  Scenario: A tenant admin cannot set audit entries below 90 days
    When "Ada" sets audit entries to be kept for 30 days
    Then it is refused as invalid
    And the refusal names audit entries and 90 days
    And audit entries of "Acme" are kept for 365 days

  Scenario: Another tenant's events are untouched
    Given "Ada" has set security events to be kept for 30 days
    And "Max" has failed to sign in 2 times
    And "Greta" has failed to sign in 2 times
    When 31 days pass
    And the retention job runs
    Then the security events of "Acme" hold 0 "sign-in failed"
    And the security events of "Globex" hold 2 "sign-in failed"
