/**
 * The record types files may be attached to. Core file (it imports no area): an owning area
 * declares its owner type in its manifest (`attachmentOwners` of `defineArea`), `installAreas`
 * fills this registry once per process, and the attachments service asks it.
 */
import type { Ctx } from '../../context.ts';

export type AttachmentOwner = {
  /** Throws notFound() when the record does not exist (or the caller may not see it). */
  assertExists(ctx: Ctx, ownerId: number): Promise<void>;
};

const owners = new Map<string, AttachmentOwner>();

/** Called by installAreas only (modules/area.ts). */
export function installAttachmentOwner(ownerType: string, owner: AttachmentOwner) {
  owners.set(ownerType, owner);
}

export function attachmentOwnerOf(ownerType: string): AttachmentOwner {
  const owner = owners.get(ownerType);
  if (!owner) throw new Error(`attachment owner type ${ownerType} is not declared in any area's manifest`);
  return owner;
}
