import { InputError } from '../core/errors.ts';
import { readValidatedFile, validateData } from '../io/read-data-file.ts';
import { faultProfileSchema, type FaultProfile, type FaultProfileInput } from './profile-schema.ts';

/** Read and validate a fault profile (YAML or JSON); a bad file is an InputError naming field and line (exit code 2). */
export function loadFaultProfile(file: string): Promise<FaultProfile> {
  return readValidatedFile(file, faultProfileSchema);
}

/** Validate a profile given as an object (from a config file or a test). */
export function parseFaultProfile(input: FaultProfileInput | FaultProfile, source = '(inline profile)'): FaultProfile {
  return validateData(
    { file: source, data: input, lineOf: () => undefined },
    faultProfileSchema,
    (m, l, o) => new InputError(m, l, o),
  );
}
