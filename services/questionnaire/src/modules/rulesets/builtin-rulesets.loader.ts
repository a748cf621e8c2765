import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { RuleSetService } from './ruleset.service';

/** Loads the built-in rule sets once the schema is migrated, before the API serves. */
@Injectable()
export class BuiltInRuleSetsLoader implements OnApplicationBootstrap {
  private readonly logger = new Logger('RuleSets');

  constructor(private readonly ruleSets: RuleSetService) {}

  async onApplicationBootstrap(): Promise<void> {
    const { inserted, unchanged } = await this.ruleSets.loadBuiltIns();
    this.logger.log(
      `built-in rule sets: ${inserted.length ? `loaded ${inserted.join(', ')}` : 'none new'}${unchanged.length ? `; already present ${unchanged.join(', ')}` : ''}`,
    );
  }
}
