import { applyDecorators } from '@nestjs/common';
import { Field, Int } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 200;

interface PagingOptions {
  /** Also a GraphQL argument. A list declares it after its filters, so its arguments read filters first. */
  readonly graphql?: boolean;
}

const graphqlInt = (options: PagingOptions) => (options.graphql ? [Field(() => Int, { nullable: true })] : []);

/** How many items a list returns: 1 to 200, 50 when absent. */
export function PageLimit(options: PagingOptions = {}) {
  return applyDecorators(
    ...graphqlInt(options),
    ApiPropertyOptional({ default: DEFAULT_PAGE_SIZE, minimum: 1, maximum: MAX_PAGE_SIZE }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(MAX_PAGE_SIZE),
  );
}

/** How many items a list skips: 0 when absent. */
export function PageOffset(options: PagingOptions = {}) {
  return applyDecorators(
    ...graphqlInt(options),
    ApiPropertyOptional({ default: 0, minimum: 0 }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(0),
  );
}

/**
 * Paging of a REST list. GraphQL does not inherit it: a list whose GraphQL field pages declares
 * `@PageLimit({ graphql: true })` and `@PageOffset({ graphql: true })` itself.
 */
export class PageQueryDto {
  @PageLimit() limit?: number;
  @PageOffset() offset?: number;
}

/** What a REST page says besides its items and total: which slice it is. GraphQL's pages leave it out. */
export class PageSlice {
  @ApiProperty({ example: DEFAULT_PAGE_SIZE }) limit: number;
  @ApiProperty({ example: 0 }) offset: number;
}

type Class<T> = new (...args: never[]) => T;

/** The response schema of a REST page of `item`s, for lists GraphQL has no page type for. */
export function RestPage<T>(item: Class<T>) {
  class PageOf extends PageSlice {
    @ApiProperty({ type: [item] }) items: readonly T[];
    @ApiProperty({ description: 'items matching, over all pages' }) total: number;
  }
  return PageOf;
}

/** The response schema of a REST list that is never paged (`{ items }`). */
export function ItemList<T>(item: Class<T>) {
  class ListOf {
    @ApiProperty({ type: [item] }) items: readonly T[];
  }
  return ListOf;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

export function pageOf<T>(all: readonly T[], query: { readonly limit?: number; readonly offset?: number }): Page<T> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const offset = query.offset ?? 0;
  return { items: all.slice(offset, offset + limit), total: all.length, limit, offset };
}
