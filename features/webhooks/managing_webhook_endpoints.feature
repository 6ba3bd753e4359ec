Feature: Managing webhook endpoints
  In order to connect other systems safely
  As a tenant admin
  I want to register, test, change and switch off endpoints, and nobody else may

  Background:
    Given a tenant "Acme" whose tenant admin is "Ada"
    And "Acme" has a manager "Max"
    And "Acme" has a dispatcher "Dora"
    And "Acme" has an integration key "Sync" that may change customers
    And the system "ERP" receives webhooks

  Scenario: A test event shows that the endpoint is reachable
    Given "Ada" has registered "ERP" for "report.published"
    When "Ada" sends a test event to "ERP"
    Then it is done
    When the worker has caught up
    Then "ERP" has received "webhook.test"
    And every delivery "ERP" received is signed with its secret
    And the delivery to "ERP" has succeeded

  Scenario: The secret is shown once, when the endpoint is registered
    When "Ada" registers "ERP" for "customer.registered"
    Then the signing secret is shown, starting with "whsec_"
    When "Ada" opens the endpoint "ERP"
    Then the endpoint is shown without its signing secret

  Scenario: Only tenant admins see and change webhook settings
    Given "Ada" has registered "ERP" for "report.published"
    When "Max" lists the webhook endpoints
    Then it is refused as forbidden
    When "Max" opens the delivery log of "ERP"
    Then it is refused as forbidden
    When "Dora" registers an endpoint at "https://erp.example.com/hooks" for "report.published"
    Then it is refused as forbidden
    When "Sync" lists the webhook endpoints
    Then it is refused as forbidden
    When "Sync" registers an endpoint at "https://erp.example.com/hooks" for "report.published"
    Then it is refused as forbidden
    And "Acme" has 1 webhook endpoint

  Scenario: A tenant admin of another tenant cannot find the endpoint
    Given a tenant "Globex" whose tenant admin is "Gina"
    And "Ada" has registered "ERP" for "report.published"
    When "Gina" opens the endpoint "ERP"
    Then it is refused as not found

  Scenario Outline: An endpoint must be a public https address
    When "Ada" registers an endpoint at "<address>" for "report.published"
    Then it is refused as invalid
    And "Acme" has no webhook endpoints

    Examples:
      | address                               |
      | http://erp.example.com/hooks          |
      | ftp://erp.example.com/hooks           |
      | https://10.0.0.8/hooks                |
      | https://192.168.1.20/hooks            |
      | https://169.254.169.254/latest        |
      | https://[fd00::1]/hooks               |
      | https://intranet/hooks                |
      | https://erp.example.com@10.0.0.8/x    |

  Scenario: Unknown event types, a secret of one's own or another tenant are refused
    When "Ada" registers an endpoint at "https://erp.example.com/hooks" for "report.exploded"
    Then it is refused as invalid
    When "Ada" registers an endpoint at "https://erp.example.com/hooks" with a secret of her own
    Then it is refused as invalid
    When "Ada" registers an endpoint at "https://erp.example.com/hooks" for another tenant
    Then it is refused as invalid
    And "Acme" has no webhook endpoints

  Scenario: A disabled endpoint receives nothing until it is enabled again
    Given "Acme" has a customer "Bakery Müller"
    And "Ada" has registered "ERP" for "customer.changed"
    When "Ada" disables the endpoint "ERP"
    And "Ada" renames the customer "Bakery Müller" to "Bakery Müller & Sons"
    And the worker has caught up
    Then "ERP" has received nothing
    When "Ada" enables the endpoint "ERP"
    And "Ada" renames the customer "Bakery Müller" to "Bakery Müller & Daughters"
    And the worker has caught up
    Then "ERP" has received "customer.changed" about the customer "Bakery Müller"
    And "ERP" has received 1 delivery
    And the audit trail of "Acme" records "webhook endpoint enabled"
