"""Every scenario under features/ runs here, on the database the suite was started with."""

from pytest_bdd import scenarios

scenarios(".")
