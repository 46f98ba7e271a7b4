export type { FieldCipher } from "./cipher.ts";
export {
  createFieldCipher,
  fieldCipherFrom,
  parsePersonalDataKeys,
  SealedValueError,
} from "./cipher.ts";
export type { PersonalDataRead, PersonalDataReads } from "./reads.ts";
export { createPersonalDataReads, personalDataReadSchema } from "./reads.ts";
