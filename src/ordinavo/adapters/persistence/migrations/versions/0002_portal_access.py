"""portal access

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from advanced_alchemy.types import GUID, DateTimeUTC
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('login_throttles',
    sa.Column('id', GUID(length=16), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('blocked_until', DateTimeUTC(timezone=True), nullable=True),
    sa.Column('last_failure_at', DateTimeUTC(timezone=True), nullable=True),
    sa.Column('sa_orm_sentinel', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_throttles')),
    sa.UniqueConstraint('key', name=op.f('uq_login_throttles_key'))
    )
    op.create_table('rate_limit_windows',
    sa.Column('id', GUID(length=16), nullable=False),
    sa.Column('key', sa.String(length=128), nullable=False),
    sa.Column('window_start', DateTimeUTC(timezone=True), nullable=False),
    sa.Column('hits', sa.Integer(), nullable=False),
    sa.Column('sa_orm_sentinel', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rate_limit_windows')),
    sa.UniqueConstraint('key', 'window_start', name='uq_rate_limit_windows')
    )
    op.create_table('security_events',
    sa.Column('id', GUID(length=16), nullable=False),
    sa.Column('occurred_at', DateTimeUTC(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('portal_user_id', GUID(length=16), nullable=True),
    sa.Column('internal_user_id', GUID(length=16), nullable=True),
    sa.Column('actor_id', GUID(length=16), nullable=True),
    sa.Column('client_address', sa.String(length=64), nullable=True),
    sa.Column('tenant_id', GUID(length=16), nullable=False),
    sa.Column('sa_orm_sentinel', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_security_events_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_security_events'))
    )
    with op.batch_alter_table('security_events', schema=None) as batch_op:
        batch_op.create_index('ix_security_events_tenant_id', ['tenant_id', 'id'], unique=False)

    op.create_table('portal_users',
    sa.Column('id', GUID(length=16), nullable=False),
    sa.Column('contact_id', GUID(length=16), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=True),
    sa.Column('created_at', DateTimeUTC(timezone=True), nullable=False),
    sa.Column('activated_at', DateTimeUTC(timezone=True), nullable=True),
    sa.Column('disabled_at', DateTimeUTC(timezone=True), nullable=True),
    sa.Column('tenant_id', GUID(length=16), nullable=False),
    sa.Column('sa_orm_sentinel', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id', 'contact_id'], ['contacts.tenant_id', 'contacts.id'], name='fk_portal_users_contact', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_portal_users_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_portal_users')),
    sa.UniqueConstraint('tenant_id', 'email', name='uq_portal_users_tenant_email'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_portal_users_tenant_id')
    )
    op.create_table('portal_grants',
    sa.Column('id', GUID(length=16), nullable=False),
    sa.Column('portal_user_id', GUID(length=16), nullable=False),
    sa.Column('customer_id', GUID(length=16), nullable=False),
    sa.Column('can_submit_requests', sa.Boolean(), nullable=False),
    sa.Column('can_see_reports', sa.Boolean(), nullable=False),
    sa.Column('can_download_attachments', sa.Boolean(), nullable=False),
    sa.Column('created_at', DateTimeUTC(timezone=True), nullable=False),
    sa.Column('updated_at', DateTimeUTC(timezone=True), nullable=False),
    sa.Column('revoked_at', DateTimeUTC(timezone=True), nullable=True),
    sa.Column('tenant_id', GUID(length=16), nullable=False),
    sa.Column('sa_orm_sentinel', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id', 'customer_id'], ['customers.tenant_id', 'customers.id'], name='fk_portal_grants_customer', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'portal_user_id'], ['portal_users.tenant_id', 'portal_users.id'], name='fk_portal_grants_portal_user', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_portal_grants_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_portal_grants')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_portal_grants_tenant_id')
    )
    with op.batch_alter_table('portal_grants', schema=None) as batch_op:
        batch_op.create_index('ix_portal_grants_tenant_user', ['tenant_id', 'portal_user_id'], unique=False)

    op.create_table('portal_invitations',
    sa.Column('id', GUID(length=16), nullable=False),
    sa.Column('portal_user_id', GUID(length=16), nullable=False),
    sa.Column('contact_id', GUID(length=16), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', DateTimeUTC(timezone=True), nullable=False),
    sa.Column('expires_at', DateTimeUTC(timezone=True), nullable=False),
    sa.Column('invited_by', GUID(length=16), nullable=False),
    sa.Column('sent_count', sa.Integer(), nullable=False),
    sa.Column('accepted_at', DateTimeUTC(timezone=True), nullable=True),
    sa.Column('revoked_at', DateTimeUTC(timezone=True), nullable=True),
    sa.Column('tenant_id', GUID(length=16), nullable=False),
    sa.Column('sa_orm_sentinel', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id', 'portal_user_id'], ['portal_users.tenant_id', 'portal_users.id'], name='fk_portal_invitations_portal_user', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_portal_invitations_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_portal_invitations')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_portal_invitations_token_hash'))
    )
    with op.batch_alter_table('portal_invitations', schema=None) as batch_op:
        batch_op.create_index('ix_portal_invitations_tenant_id', ['tenant_id', 'id'], unique=False)
        batch_op.create_index('ix_portal_invitations_tenant_user', ['tenant_id', 'portal_user_id'], unique=False)

    op.create_table('portal_password_resets',
    sa.Column('id', GUID(length=16), nullable=False),
    sa.Column('portal_user_id', GUID(length=16), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', DateTimeUTC(timezone=True), nullable=False),
    sa.Column('expires_at', DateTimeUTC(timezone=True), nullable=False),
    sa.Column('used_at', DateTimeUTC(timezone=True), nullable=True),
    sa.Column('tenant_id', GUID(length=16), nullable=False),
    sa.Column('sa_orm_sentinel', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id', 'portal_user_id'], ['portal_users.tenant_id', 'portal_users.id'], name='fk_portal_password_resets_portal_user', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_portal_password_resets_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_portal_password_resets')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_portal_password_resets_token_hash'))
    )
    op.create_table('portal_sessions',
    sa.Column('id', GUID(length=16), nullable=False),
    sa.Column('portal_user_id', GUID(length=16), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', DateTimeUTC(timezone=True), nullable=False),
    sa.Column('last_seen_at', DateTimeUTC(timezone=True), nullable=False),
    sa.Column('idle_timeout_seconds', sa.Integer(), nullable=False),
    sa.Column('absolute_expiry', DateTimeUTC(timezone=True), nullable=False),
    sa.Column('revoked_at', DateTimeUTC(timezone=True), nullable=True),
    sa.Column('revoked_reason', sa.String(length=40), nullable=True),
    sa.Column('tenant_id', GUID(length=16), nullable=False),
    sa.Column('sa_orm_sentinel', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id', 'portal_user_id'], ['portal_users.tenant_id', 'portal_users.id'], name='fk_portal_sessions_portal_user', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_portal_sessions_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_portal_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_portal_sessions_token_hash'))
    )
    with op.batch_alter_table('portal_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_portal_sessions_tenant_user', ['tenant_id', 'portal_user_id'], unique=False)

    op.create_table('portal_grant_locations',
    sa.Column('id', GUID(length=16), nullable=False),
    sa.Column('tenant_id', GUID(length=16), nullable=False),
    sa.Column('grant_id', GUID(length=16), nullable=False),
    sa.Column('location_id', GUID(length=16), nullable=False),
    sa.Column('sa_orm_sentinel', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id', 'grant_id'], ['portal_grants.tenant_id', 'portal_grants.id'], name='fk_portal_grant_locations_grant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'location_id'], ['locations.tenant_id', 'locations.id'], name='fk_portal_grant_locations_location', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_portal_grant_locations_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_portal_grant_locations')),
    sa.UniqueConstraint('grant_id', 'location_id', name='uq_portal_grant_locations')
    )


def downgrade() -> None:
    op.drop_table('portal_grant_locations')
    with op.batch_alter_table('portal_sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_portal_sessions_tenant_user')

    op.drop_table('portal_sessions')
    op.drop_table('portal_password_resets')
    with op.batch_alter_table('portal_invitations', schema=None) as batch_op:
        batch_op.drop_index('ix_portal_invitations_tenant_user')
        batch_op.drop_index('ix_portal_invitations_tenant_id')

    op.drop_table('portal_invitations')
    with op.batch_alter_table('portal_grants', schema=None) as batch_op:
        batch_op.drop_index('ix_portal_grants_tenant_user')

    op.drop_table('portal_grants')
    op.drop_table('portal_users')
    with op.batch_alter_table('security_events', schema=None) as batch_op:
        batch_op.drop_index('ix_security_events_tenant_id')

    op.drop_table('security_events')
    op.drop_table('rate_limit_windows')
    op.drop_table('login_throttles')
