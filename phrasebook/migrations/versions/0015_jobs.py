"""jobs: every kind of background job (batch fills, audio builds, kits) in one table, ``jobs``;
the fill jobs of ``mt_jobs`` move there (kind "fill") and ``mt_jobs`` goes

Revision ID: 0015_jobs
Revises: 0014_job_leases
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_jobs"
down_revision = "0014_job_leases"
branch_labels = None
depends_on = None

STATUS = sa.Enum(
    "queued", "running", "done", "failed", name="jobstatus", native_enum=False, length=20
)


def _jobs_table() -> sa.TableClause:
    return sa.table(
        "jobs",
        sa.column("id", sa.String()), sa.column("kind", sa.String()),
        sa.column("key", sa.String()), sa.column("params", sa.JSON()),
        sa.column("status", sa.String()), sa.column("done", sa.Integer()),
        sa.column("total", sa.Integer()), sa.column("result", sa.JSON()),
        sa.column("errors", sa.JSON()), sa.column("message", sa.Text()),
        sa.column("created_at", sa.DateTime()), sa.column("updated_at", sa.DateTime()),
        sa.column("started_by", sa.String()), sa.column("attempts", sa.Integer()),
    )


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=400), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("status", STATUS, nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("errors", sa.JSON(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("started_by", sa.String(length=200), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    op.create_index(op.f("ix_jobs_key"), "jobs", ["key"], unique=False)
    connection = op.get_bind()
    old_jobs = sa.table(
        "mt_jobs",
        *(sa.column(name, sa.String()) for name in ("id", "set_slug", "source_lang",
                                                    "target_lang", "status", "message",
                                                    "started_by")),
        *(sa.column(name, sa.Integer()) for name in ("done", "total", "filled", "attempts")),
        sa.column("errors", sa.JSON()),
        sa.column("created_at", sa.DateTime()), sa.column("updated_at", sa.DateTime()),
    )
    rows = connection.execute(sa.select(old_jobs)).mappings().all()
    moved = [
        {
            "id": row["id"], "kind": "fill",
            "key": f"fill:{row['set_slug']}:{row['source_lang']}:{row['target_lang']}",
            "params": {"set": row["set_slug"], "source": row["source_lang"],
                       "target": row["target_lang"]},
            "status": row["status"], "done": row["done"], "total": row["total"],
            "result": {"filled": row["filled"]} if row["status"] == "done" else {},
            "errors": row["errors"], "message": row["message"],
            "created_at": row["created_at"], "updated_at": row["updated_at"],
            "started_by": row["started_by"], "attempts": row["attempts"],
        }
        for row in rows
    ]
    if moved:
        op.bulk_insert(_jobs_table(), moved)
    op.drop_index(op.f("ix_mt_jobs_set_slug"), table_name="mt_jobs")
    op.drop_table("mt_jobs")


def downgrade() -> None:
    op.create_table(
        "mt_jobs",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("set_slug", sa.String(length=100), nullable=False),
        sa.Column("source_lang", sa.String(length=35), nullable=False),
        sa.Column("target_lang", sa.String(length=35), nullable=False),
        sa.Column("status", STATUS, nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("filled", sa.Integer(), nullable=False),
        sa.Column("errors", sa.JSON(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("started_by", sa.String(200), server_default="mt", nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mt_jobs")),
    )
    op.create_index(op.f("ix_mt_jobs_set_slug"), "mt_jobs", ["set_slug"], unique=False)
    # Fill jobs go back (the other kinds did not exist before this revision).
    connection = op.get_bind()
    for row in connection.execute(sa.select(_jobs_table())).mappings():
        if row["kind"] != "fill":
            continue
        params, result = row["params"], row["result"]
        connection.execute(
            sa.text(
                "INSERT INTO mt_jobs (id, set_slug, source_lang, target_lang, status, done,"
                " total, filled, errors, message, created_at, updated_at, started_by, attempts)"
                " VALUES (:id, :set, :source, :target, :status, :done, :total, :filled,"
                " :errors, :message, :created_at, :updated_at, :started_by, :attempts)"
            ).bindparams(sa.bindparam("errors", type_=sa.JSON())),
            {**{name: row[name] for name in ("id", "status", "done", "total", "message",
                                            "created_at", "updated_at", "started_by",
                                            "attempts")},
             "set": params["set"], "source": params["source"], "target": params["target"],
             "filled": result.get("filled", 0), "errors": row["errors"]},
        )
    op.drop_index(op.f("ix_jobs_key"), table_name="jobs")
    op.drop_table("jobs")
