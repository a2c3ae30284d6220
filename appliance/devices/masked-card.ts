import type { IdCard } from '../../drivers/idcard/idcard-reader.js';

/**
 * An ID number for a screen: first and last character only. The birth date is shown beside it,
 * so keeping the region or more of the tail would leave too few digits unknown to be a mask.
 */
export function maskIdNumber(value: string): string {
  return `${value.slice(0, 1)}${'*'.repeat(Math.max(0, value.length - 2))}${value.slice(-1)}`;
}

/** What `devices read-id` shows: the card's text with the number masked, the photo by size only. */
export function maskedCard(card: IdCard): Record<string, string | number> {
  return {
    name: card.name,
    sex: card.sex,
    nation: card.nation.name,
    birthDate: card.birthDate,
    address: card.address,
    idNumber: maskIdNumber(card.idNumber.reveal()),
    issuingAuthority: card.issuingAuthority,
    validFrom: card.validFrom,
    validTo: card.validTo,
    photoBytes: card.photo.length,
  };
}
