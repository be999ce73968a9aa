"""Accounts for the web app: add, list, change password or role, remove, issue API tokens."""

from __future__ import annotations

import click

from phrasebook import users
from phrasebook.errors import NotFound
from phrasebook.uow import UnitOfWork
from phrasebook.users import Role

from . import Context

ROLE_CHOICE = click.Choice([role.value for role in Role])


def _uow(obj: Context) -> UnitOfWork:
    return obj.ready_store().uow()


def _prompt_password() -> str:
    password: str = click.prompt("Password", hide_input=True, confirmation_prompt=True, err=True)
    return password


@click.group(name="user")
def user_group() -> None:
    """Manage the people who may sign in to the web app, and their roles.

    Roles, each allowed what the ones before it are: viewer (read when reading needs a
    sign-in), editor (change phrases, import), reviewer (mark translations reviewed), admin.
    """


@user_group.command(name="add")
@click.argument("name")
@click.option("--role", type=ROLE_CHOICE, default="editor", show_default=True)
@click.pass_obj
def add(obj: Context, name: str, role: str) -> None:
    """Create the account NAME; the password is asked for twice and never echoed."""
    users.check_name(name)
    account = users.add_user(_uow(obj), name=name, password=_prompt_password(), role=role)
    click.echo(f"added {account.name} ({account.role})")


@user_group.command(name="list")
@click.pass_obj
def list_command(obj: Context) -> None:
    """List accounts with their roles."""
    accounts = users.list_users(_uow(obj))
    if not accounts:
        click.echo("no accounts yet: phrasebook user add NAME --role admin", err=True)
    for account in accounts:
        click.echo(f"{account.name}\t{account.role}")


@user_group.command(name="passwd")
@click.argument("name")
@click.pass_obj
def passwd(obj: Context, name: str) -> None:
    """Set a new password for NAME (signs out their open sessions)."""
    uow = _uow(obj)
    if not any(account.name == name for account in users.list_users(uow)):
        raise NotFound(f"no user {name!r}")
    users.set_password(uow, name=name, password=_prompt_password())
    click.echo(f"password changed for {name}")


@user_group.command(name="role")
@click.argument("name")
@click.argument("role", type=ROLE_CHOICE)
@click.pass_obj
def role_command(obj: Context, name: str, role: str) -> None:
    """Give NAME another role."""
    account = users.set_role(_uow(obj), name=name, role=role)
    click.echo(f"{account.name} is now {account.role}")


@user_group.command(name="remove")
@click.argument("name")
@click.pass_obj
def remove(obj: Context, name: str) -> None:
    """Delete the account NAME."""
    users.remove_user(_uow(obj), name=name)
    click.echo(f"removed {name}")


@user_group.command(name="token")
@click.argument("name")
@click.pass_obj
def token(obj: Context, name: str) -> None:
    """Issue an API token for NAME (replaces the old one); printed once, keep it secret.

    Send it as ``Authorization: Bearer <token>`` to /api/v1.
    """
    click.echo(users.issue_token(_uow(obj), name=name))
