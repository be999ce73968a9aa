"""Alembic environment: the engine comes from phrasebook.db.migrate(), never from an ini file."""

from alembic import context

# The unit of work imports every area's repositories and so every area's tables: with it
# imported, Base.metadata holds the whole schema (for autogenerate and comparisons).
import phrasebook.uow  # noqa: F401
from phrasebook.models import Base

engine = context.config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
