"""Persistence of the webhooks module: endpoints, deliveries and their attempts."""
