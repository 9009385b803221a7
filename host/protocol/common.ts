// Building blocks shared by the Docker plugin wire schemas.
//
// Docker's side is Go: encoding/json sends every declared field (nil maps,
// slices and pointers as `null`) and tolerates missing ones. The body parser
// drops nulls, so a schema only has to say what an absent field means. Fields
// with a Go zero value get it as a `default` (ajv fills it in before the route
// runs), which lets drivers read them without `?? ''`. Identifiers have no
// default: a request without one is rejected, naming the field.
import { Type, type ObjectOptions, type Static, type StringOptions } from '@sinclair/typebox';

/** A JSON object of string values (Go `map[string]string`). */
export const StringMap = (options?: ObjectOptions) => Type.Record(Type.String(), Type.String(), options);

/** A free-form JSON object (Go `map[string]interface{}`). */
export const AnyMap = (options?: ObjectOptions) => Type.Record(Type.String(), Type.Unknown(), options);

/** An identifier Docker always sends; empty is as wrong as absent. */
export const Id = (options?: StringOptions) => Type.String({ minLength: 1, ...options });

/** The body of calls Docker makes without arguments (it sends none, or `{}`). */
export const EmptyRequest = Type.Object({});
export type EmptyRequest = Static<typeof EmptyRequest>;

/** Success reply of calls whose Go response carries only `Err`. */
export const EmptyResponse = Type.Object({});
export type EmptyResponse = Static<typeof EmptyResponse>;

/**
 * Every failure, on every interface, answered with a non-2xx status. Docker
 * reads `Err` from the body of any non-200 reply (IPAM's `Error` field is
 * only consulted on 200, which we never use for failures).
 */
export const ErrorResponse = Type.Object({ Err: Type.String() });
export type ErrorResponse = Static<typeof ErrorResponse>;

/** Scope reported by GetCapabilities; Docker rejects anything else. */
export const Scope = Type.Union([Type.Literal('local'), Type.Literal('global')]);
export type Scope = Static<typeof Scope>;
