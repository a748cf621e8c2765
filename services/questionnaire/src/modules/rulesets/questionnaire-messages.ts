import { MessageCatalogue } from '@inps/shared';
import { useEngineWords } from '../../domain';
import { findServiceFolder } from './service-folders';

/**
 * The questionnaire's message catalogue (services/questionnaire/messages/<language>.yaml): the
 * words its engine writes into explanations. Read once when this module is first imported, and
 * handed to the engine, which reads no file itself.
 */
export const QUESTIONNAIRE_MESSAGES = MessageCatalogue.load(findServiceFolder('messages'));

useEngineWords(QUESTIONNAIRE_MESSAGES);
